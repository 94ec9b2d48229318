import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * One panel a lane case runs against: an emulator started by the test (`npm test`), or a running
 * panel given by URL and credentials (`npm run test:real`). The same cases run on both, so a
 * difference between the emulator and the real panel shows as a case that passes on one only.
 */
export interface LaneTarget {
  where: 'emulator' | 'real';
  /** The panel type as a Panel manifest names it (`marzban`, `pasarguard`, `remnawave`, ...). */
  type: string;
  /** The panel's release as configured (real) or emulated (`0.8.4`, `v5.2.1`, `3.3.2`). */
  version: string;
  /** Base URL, without a trailing slash. */
  url: string;
  /** What the panel's own API takes: an admin's name and password, or an API token. */
  auth: { username?: string; password?: string; token?: string };
  /**
   * Prefix for every name a case creates. A real panel is shared by every case and every run,
   * so names are unique per run and no case touches what another made.
   */
  prefix: string;
  close(): Promise<void>;
}

/** One entry of the real-panel file named by PANELOPS_REAL_PANELS. */
export interface RealPanelEntry {
  type: string;
  version: string;
  url: string;
  username?: string;
  password?: string;
  token?: string;
  /** A file holding the token (Remnawave's setup writes one), read when `token` is absent. */
  tokenFile?: string;
}

/**
 * The running panels the real lane is pointed at: PANELOPS_REAL_PANELS names a YAML file with a
 * list of entries (see `test/real/README.md`). Unset: no panels, and every real case is skipped.
 */
export function realPanelEntries(env: NodeJS.ProcessEnv = process.env): RealPanelEntry[] {
  const file = env['PANELOPS_REAL_PANELS'];
  if (!file) return [];
  const parsed: unknown = parse(readFileSync(file, 'utf8'));
  const list = Array.isArray(parsed) ? parsed : (parsed as { panels?: unknown } | null)?.panels;
  if (!Array.isArray(list)) throw new Error(`${file}: expected a list of panels (or { panels: [...] })`);
  return list.map((raw, i) => {
    const e = raw as Partial<RealPanelEntry>;
    if (typeof e.type !== 'string' || typeof e.url !== 'string' || typeof e.version !== 'string') {
      throw new Error(`${file}: panel ${i + 1} needs type, version and url`);
    }
    const token = e.token ?? (e.tokenFile ? readFileSync(e.tokenFile, 'utf8').trim() : undefined);
    return { ...e, url: e.url.replace(/\/+$/, ''), ...(token ? { token } : {}) } as RealPanelEntry;
  });
}

/** A name prefix unique to this process: short, lower-case, valid on every panel (letters and digits). */
export const runPrefix = (tag: string): string => `${tag}${Date.now().toString(36)}${process.pid.toString(36)}`.toLowerCase();

/** The real panels of one type, as lane targets (closing one does nothing: the panel keeps running). */
export function realTargets(type: string, tag = 'pl'): LaneTarget[] {
  return realPanelEntries()
    .filter((e) => e.type === type)
    .map((e) => ({
      where: 'real' as const,
      type: e.type,
      version: e.version,
      url: e.url,
      auth: { ...(e.username ? { username: e.username } : {}), ...(e.password ? { password: e.password } : {}), ...(e.token ? { token: e.token } : {}) },
      prefix: runPrefix(tag),
      close: async () => {},
    }));
}
