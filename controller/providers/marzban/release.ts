/**
 * The Marzban release families whose shapes differ (marzban.md §11, §13-§15):
 * - 0.4: no `admin`, `next_plan` or `auto_delete_in_days` on a user (the owner is write-only),
 *   admins are `{username, is_sudo}`, hosts lack mux, fragment, noise and later fields;
 * - 0.7: users have `admin` but no `next_plan`; template by id needs `?template_id=`; hosts
 *   lack `use_sni_as_host`;
 * - 0.8: everything in §2-§10.
 */
export type MarzbanRelease = '0.4' | '0.7' | '0.8';

/** `GET /api/system` answers `version` (§10, §15); a version it cannot place reads as the newest. */
export function releaseOf(version: string | undefined): MarzbanRelease {
  const match = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) return '0.8';
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major > 0 || minor >= 8) return '0.8';
  return minor >= 5 ? '0.7' : '0.4';
}

/** Anything that reads `GET /api/system` (the client): named by shape so this module needs no client import. */
export interface SystemReader {
  system(): Promise<{ version?: string | undefined }>;
}

export async function detectRelease(client: SystemReader): Promise<MarzbanRelease> {
  return releaseOf((await client.system()).version);
}

/** What a release cannot store, by kind and field: refused at plan time instead of sent and ignored. */
export const MISSING: Record<MarzbanRelease, { user: readonly string[]; admin: readonly string[]; host: readonly string[] }> = {
  '0.4': { user: ['nextPlan'], admin: ['telegramId', 'discordWebhook'], host: ['muxEnable', 'fragment', 'noise', 'randomUserAgent', 'useSniAsHost'] },
  '0.7': { user: ['nextPlan'], admin: [], host: ['useSniAsHost'] },
  '0.8': { user: [], admin: [], host: [] },
};

export const missingMessage = (field: string, release: MarzbanRelease) => `${field} is not supported by Marzban ${release}.x: the panel would ignore it`;
