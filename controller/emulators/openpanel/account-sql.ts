import type { OpAccount } from './state.ts';

/**
 * The account lookups of openadmin and opencli, as MariaDB 10.11 runs them on the shipped
 * schema (openpanel.md §10.1-§10.7). Names compare case-insensitively (latin1_swedish_ci),
 * the LIKE patterns are not escaped, so both `_` are one-character wildcards, and every
 * `LIMIT 1` has no ORDER BY: which row comes back depends on the query plan.
 */

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `username LIKE 'SUSPENDED_%_<u>'` (read, delete): `suspended`, at least two characters,
 * then the name. It also matches an ACTIVE account such as `suspendedbybob` (§10.1).
 */
export const readLike = (name: string): RegExp => new RegExp(`^suspended.{2,}${escape(name)}$`, 'i');

/** `username LIKE 'SUSPENDED\_%_<u>'` (unsuspend): the first `_` escaped, the separator still a wildcard (§10.1). */
export const unsuspendLike = (name: string): RegExp => new RegExp(`^suspended_.+${escape(name)}$`, 'i');

const sameName = (a: OpAccount, name: string): boolean => a.username.toLowerCase() === name.toLowerCase();

/** Latin-1 case-insensitive order, as the `uniq_username` index holds the rows. */
const byName = (a: OpAccount, b: OpAccount): number => {
  const x = a.username.toLowerCase();
  const y = b.username.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.id - b.id;
};

/** Rows that `exact OR LIKE` finds, in id order. Only rows whose name starts with `suspended` can match the LIKE. */
export function readMatches(rows: Iterable<OpAccount>, candidates: Iterable<OpAccount>, name: string): OpAccount[] {
  const like = readLike(name);
  const hits = new Set<OpAccount>();
  for (const a of rows) if (sameName(a, name)) hits.add(a);
  for (const a of candidates) if (like.test(a.username)) hits.add(a);
  return [...hits].sort((a, b) => a.id - b.id);
}

/**
 * GET /api/users/{u}: `LIMIT 1` answered by a range scan on `uniq_username`, so the first
 * match in name order (§10.2): `tom` reads as a suspended `atom` if one exists.
 */
export const readPick = (matches: readonly OpAccount[]): OpAccount | undefined => [...matches].sort(byName)[0];

/**
 * user-delete's pick: `exact UNION ALL LIKE … LIMIT 1`: the exact row when there is one,
 * else the LIKE branch, a full scan in id order (§10.3). It can differ from the read's row.
 */
export const deletePick = (matches: readonly OpAccount[], name: string): OpAccount | undefined => matches.find((a) => sameName(a, name)) ?? matches[0];

/** Suspended rows the unsuspend's UPDATE renames, in id order. */
export const unsuspendMatches = (candidates: Iterable<OpAccount>, name: string): OpAccount[] => {
  const like = unsuspendLike(name);
  return [...candidates].filter((a) => like.test(a.username)).sort((a, b) => a.id - b.id);
};
