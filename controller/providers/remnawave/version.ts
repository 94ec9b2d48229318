import { PanelError } from '../errors.ts';
import type { PanelFacts } from '../types.ts';

/** The oldest release whose shapes panelops speaks: 3.0 dropped the user uuid for an integer id (remnawave.md §14). */
export const OLDEST_SUPPORTED = '3.0.0';

/**
 * The panel's release, from `GET /api/system/metadata` (§1). 2.x keys users by uuid and takes
 * `uuids` in bulk bodies: writing to it with 3.x shapes would fail or miss, so it is refused
 * before anything is read, naming the release needed.
 */
export function checkVersion(panel: string, reported: unknown): string {
  const version = typeof reported === 'string' ? reported.replace(/^v/, '') : '';
  const major = Number(/^(\d+)\./.exec(version)?.[1]);
  if (!Number.isInteger(major)) {
    throw new PanelError(`GET /api/system/metadata did not report a version: panelops supports Remnawave ${OLDEST_SUPPORTED} or newer`, { panel, retryable: false });
  }
  if (major < 3) {
    throw new PanelError(`Remnawave ${version} is not supported: panelops needs Remnawave ${OLDEST_SUPPORTED} or newer (3.x keys users by integer id; upgrade the panel)`, { panel, retryable: false });
  }
  return version;
}

/** Whether a release is at least `major.minor`. */
export function atLeast(version: string | undefined, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a > major || (a === major && b >= minor);
}

/** The facts of a Remnawave session: the release, and each config profile's inbound tags (beside all tags). */
export interface RemnawaveFacts extends PanelFacts {
  version: string;
  profiles: ReadonlyMap<string, ReadonlySet<string>>;
}

const remnawaveFacts = (facts: PanelFacts | undefined): RemnawaveFacts | undefined => (facts && 'version' in facts ? (facts as RemnawaveFacts) : undefined);

export const remnawaveVersion = (facts: PanelFacts | undefined): string | undefined => remnawaveFacts(facts)?.version;

/**
 * Where a manifest's profile and inbound tags do not match the live profiles: the profile must
 * exist and hold every tag (a node or host on another profile's inbound is refused by the panel,
 * and a node create refused that way leaves the node behind, remnawave.md §10).
 */
export function profileIssues(spec: { configProfile?: unknown }, tags: readonly string[], pointer: string, facts: PanelFacts | undefined): Array<[string, string]> {
  const profiles = remnawaveFacts(facts)?.profiles;
  if (!profiles || typeof spec.configProfile !== 'string') return [];
  const own = profiles.get(spec.configProfile);
  if (!own) return [['/configProfile', `config profile "${spec.configProfile}" does not exist on the panel (known: ${[...profiles.keys()].join(', ')})`]];
  const issues: Array<[string, string]> = [];
  for (const tag of tags) {
    if (own.has(tag)) continue;
    const other = [...profiles].find(([, t]) => t.has(tag))?.[0];
    issues.push([pointer, other ? `inbound "${tag}" belongs to config profile "${other}", not "${spec.configProfile}"` : `inbound "${tag}" is in no config profile on the panel`]);
  }
  return issues;
}
