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

/** The facts of a Remnawave session: the release, beside the inbound tags. */
export interface RemnawaveFacts extends PanelFacts {
  version: string;
}

export const remnawaveVersion = (facts: PanelFacts | undefined): string | undefined => (facts && 'version' in facts ? (facts as RemnawaveFacts).version : undefined);
