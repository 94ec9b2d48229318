import type { ObservedObject } from '../types.ts';
import type { MarzbanClient } from './client.ts';
import type { MarzbanFacts } from './facts.ts';

const swapCase = (name: string) => [...name].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');

/**
 * Whether the panel folds the case of usernames, from one list request: a live name asked
 * for with its letters' case swapped is found only where the collation folds. Several
 * `username=` values are matched exactly on every release (0.4.2 matches a single one as a
 * substring, §11), hence the name twice.
 */
export async function probeFolding(client: MarzbanClient, firstPage: readonly ObservedObject[]): Promise<boolean | undefined> {
  const names = new Set(firstPage.map((o) => o.key));
  const probe = firstPage.find((o) => /[a-z]/i.test(o.key) && !names.has(swapCase(o.key)));
  if (!probe) return undefined;
  const swapped = swapCase(probe.key);
  return (await client.countUsers([swapped, swapped])) > 0;
}

/**
 * Records on the session's facts how names must be spelled (see UsernameSpelling): case twins
 * prove the panel does not fold, whatever the probe said.
 */
export function recordUsernames(facts: MarzbanFacts, folds: boolean | undefined, users: readonly ObservedObject[]): void {
  if (!folds) {
    facts.usernames = { folds: false };
    return;
  }
  const capitalised = new Map<string, string>();
  for (const u of users) {
    const lower = u.key.toLowerCase();
    if (lower !== u.key) capitalised.set(lower, u.key);
  }
  if (capitalised.size > 0) {
    // A twin of a capitalised name means the probe met a coincidence: the panel keeps both.
    const exact = new Set(users.map((u) => u.key));
    for (const lower of capitalised.keys()) {
      if (exact.has(lower)) {
        facts.usernames = { folds: false };
        return;
      }
    }
  }
  facts.usernames = { folds: true, capitalised, live: users };
}

/** A manifest name that a folding panel would take for another user's: that user's spelling. */
export function caseClash(facts: MarzbanFacts | undefined, key: string): string | undefined {
  const names = facts?.usernames;
  if (!names?.folds) return undefined;
  const lower = key.toLowerCase();
  if (lower === key) return names.capitalised?.get(key);
  if (!names.folded) {
    names.folded = new Map();
    for (const u of names.live ?? []) {
      const folded = u.key.toLowerCase();
      if (names.folded.has(folded)) return undefined; // twins: the panel does not fold after all
      names.folded.set(folded, u.key);
    }
  }
  const live = names.folded.get(lower);
  return live !== undefined && live !== key ? live : undefined;
}
