import { PanelError } from '../errors.ts';

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
