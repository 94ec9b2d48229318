import type { UsersApi } from './client.ts';

/** `seed`: the documented Users API. `flute`: the Flute CMS API module real installations run (users-api.md §7). */
export type Dialect = 'seed' | 'flute';

/**
 * Tells the dialect once per session, from the answer shapes: Flute users carry `login` and
 * `is_blocked`, seed users `username` and `status`. An empty panel is asked for Flute's
 * GET /api/status. Returns the first page too: on Flute it already holds every user.
 */
export async function detectDialect(api: UsersApi): Promise<{ dialect: Dialect; firstPage: unknown[] }> {
  const firstPage = await api.firstPage();
  const first = firstPage[0];
  if (first && typeof first === 'object') {
    const fields = first as Record<string, unknown>;
    if ('login' in fields || 'is_blocked' in fields) return { dialect: 'flute', firstPage };
    if ('username' in fields) return { dialect: 'seed', firstPage };
  }
  const status = await api.status().catch(() => undefined);
  return { dialect: status?.flute_version !== undefined ? 'flute' : 'seed', firstPage };
}
