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
 * Records on the session's facts how names must be spelled. On a folding panel each
 * lower-cased name maps to its live spelling, so a manifest that differs only by case is
 * caught at plan time; case twins prove the panel does not fold, whatever the probe said.
 */
export function recordUsernames(facts: MarzbanFacts, folds: boolean | undefined, users: readonly ObservedObject[]): void {
  if (!folds) {
    facts.usernames = { folds: false };
    return;
  }
  const spelling = new Map<string, string>();
  for (const u of users) {
    const lower = u.key.toLowerCase();
    if (spelling.has(lower)) {
      facts.usernames = { folds: false };
      return;
    }
    spelling.set(lower, u.key);
  }
  facts.usernames = { folds: true, spelling };
}

/** A manifest name that a folding panel would take for another user's. */
export function caseClash(facts: MarzbanFacts | undefined, key: string): string | undefined {
  const live = facts?.usernames?.spelling?.get(key.toLowerCase());
  return live !== undefined && live !== key ? live : undefined;
}
