import { describe, expect, it } from 'vitest';
import type { MarzbanFacts } from '../../../controller/providers/marzban/facts.ts';
import { caseClash, recordUsernames } from '../../../controller/providers/marzban/username-case.ts';

const users = (...keys: string[]) => keys.map((key) => ({ kind: 'User', key, spec: {} }));
const facts = (folds: boolean | undefined, ...keys: string[]): MarzbanFacts => {
  const f: MarzbanFacts = { release: '0.8' };
  recordUsernames(f, folds, users(...keys));
  return f;
};

describe('Marzban username case (§13-§15)', () => {
  it('on a folding panel, a name that differs only by case names the live spelling, either way round', () => {
    const f = facts(true, 'alice', 'Bob', 'carol');
    expect(caseClash(f, 'Alice')).toBe('alice');
    expect(caseClash(f, 'bob')).toBe('Bob');
    expect(caseClash(f, 'alice')).toBeUndefined();
    expect(caseClash(f, 'Bob')).toBeUndefined();
    expect(caseClash(f, 'dave')).toBeUndefined();
  });

  it('a panel that does not fold, or holds case twins, never reports a clash', () => {
    expect(caseClash(facts(false, 'alice'), 'Alice')).toBeUndefined();
    expect(caseClash(facts(undefined, 'alice'), 'Alice')).toBeUndefined();
    expect(caseClash(facts(true, 'Alice', 'alice'), 'alice')).toBeUndefined();
    expect(caseClash(facts(true, 'Alice', 'alice'), 'ALICE')).toBeUndefined();
  });
});
