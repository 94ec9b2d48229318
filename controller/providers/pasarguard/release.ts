/**
 * PasarGuard releases panelops speaks to: v5.x (pasarguard.md §12). Older majors differ in the
 * admin model (is_sudo instead of roles), in `group_ids: []` and in group PUTs; they are
 * refused with the release needed rather than half supported.
 */
export const SUPPORTED_MAJOR = 5;

export interface SystemReader {
  system(): Promise<{ version?: string | undefined }>;
}

/** `GET /api/system` answers `version` (§11); an error naming the release when it is not v5. */
export function checkVersion(panel: string, version: string | undefined): string {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version ?? '');
  if (!match) throw new Error(`panel ${panel}: GET /api/system gave no PasarGuard version (${JSON.stringify(version ?? null)}); panelops needs PasarGuard v5.x`);
  const major = Number(match[1]);
  if (major < SUPPORTED_MAJOR) throw new Error(`panel ${panel}: PasarGuard ${version} is not supported; panelops needs PasarGuard v5.0 or later (v5.x, roles and by-id routes)`);
  if (major > SUPPORTED_MAJOR) throw new Error(`panel ${panel}: PasarGuard ${version} is newer than panelops knows; it supports PasarGuard v5.x`);
  return match[0].replace(/^v/, '');
}

export async function detectVersion(panel: string, client: SystemReader): Promise<string> {
  return checkVersion(panel, (await client.system()).version);
}
