import type { Expectation, Snapshot } from './adapter.ts';

/**
 * The first object that moved other than as expected: one an edit named must have changed as it
 * says; every other object must read back byte-identical (JSON in the panel's own key order).
 */
export function snapshotDifference(before: Snapshot, after: Snapshot, expected: Record<string, Expectation> = {}): string | undefined {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) {
    const exp = expected[key];
    const had = key in before;
    const has = key in after;
    if (!exp) {
      if (!had) return `${key}: appeared, nothing asked for it`;
      if (!has) return `${key}: vanished, nothing asked for it`;
      const a = JSON.stringify(before[key]);
      const b = JSON.stringify(after[key]);
      if (a !== b) return `${key}: changed, nothing asked for it: ${firstTextDifference(a, b)}`;
    } else if ('gone' in exp) {
      if (has) return `${key}: still there, its manifest was removed`;
    } else if ('added' in exp) {
      if (!has) return `${key}: not created`;
      const d = exp.added(after[key]);
      if (d) return `${key}: ${d}`;
    } else {
      if (!had || !has) return `${key}: ${had ? 'vanished' : 'never existed'}, expected a change`;
      const d = exp.changed(before[key], after[key]);
      if (d) return `${key}: ${d}`;
    }
  }
  for (const key of Object.keys(expected)) if (!keys.includes(key) && !('gone' in expected[key]!)) return `${key}: not on the panel`;
  return undefined;
}

/** Where two JSON texts part, with a little context on each side. */
export function firstTextDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 40);
  return `…${a.slice(from, i + 60)}… became …${b.slice(from, i + 60)}…`;
}

/**
 * A change check: `after` must be `before` with exactly `fields` set to these values (and
 * nothing else moved: credentials, traffic, status, owner).
 */
export const changedTo =
  (fields: Record<string, unknown>) =>
  (before: unknown, after: unknown): string | undefined => {
    const want = JSON.stringify({ ...(before as object), ...fields });
    const got = JSON.stringify(after);
    return want === got ? undefined : firstTextDifference(want, got);
  };
