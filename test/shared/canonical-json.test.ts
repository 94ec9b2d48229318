import { describe, expect, it } from 'vitest';
import { createRng } from '../../controller/emulators/kit/rng.ts';
import { sameValue, stableStringify } from '../../controller/shared/canonical-json.ts';

type Rng = ReturnType<typeof createRng>;
const leaves = [null, undefined, 0, 1, -1, 2.5, '', 'a', 'b', '1', true, false];

function value(rng: Rng, depth: number): unknown {
  const pick = rng.int(0, depth > 2 ? 0 : 2);
  if (pick === 0) return leaves[rng.int(0, leaves.length - 1)];
  if (pick === 1) return Array.from({ length: rng.int(0, 3) }, () => value(rng, depth + 1));
  return Object.fromEntries(Array.from({ length: rng.int(0, 3) }, () => [['x', 'y', 'z'][rng.int(0, 2)] as string, value(rng, depth + 1)]));
}

/** The same value with its object keys in another order. */
function shuffled(v: unknown, rng: Rng): unknown {
  if (Array.isArray(v)) return v.map((x) => shuffled(x, rng));
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v).map(([k, x]) => [k, shuffled(x, rng)] as const);
  return Object.fromEntries(entries.sort(() => rng.next() - 0.5));
}

describe('sameValue', () => {
  it('agrees with comparing stable serializations, for random pairs and reordered copies', () => {
    const rng = createRng(11);
    let equal = 0;
    for (let i = 0; i < 5000; i++) {
      const a = value(rng, 0);
      const b = rng.next() < 0.5 ? shuffled(a, rng) : value(rng, 0);
      const expected = stableStringify(a) === stableStringify(b);
      if (expected) equal++;
      expect(sameValue(a, b), `${stableStringify(a)} vs ${stableStringify(b)}`).toBe(expected);
    }
    expect(equal).toBeGreaterThan(1000); // both outcomes were exercised
  });
});
