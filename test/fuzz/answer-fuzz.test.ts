import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCase, checkAnswerCase, startAnswerFuzz, type AnswerFuzz } from './answer-fuzz-property.ts';

describe('panel answer fuzzing (short; npm run test:fuzz runs more)', () => {
  let fuzz: AnswerFuzz;
  beforeAll(async () => {
    fuzz = await startAnswerFuzz();
  });
  afterAll(() => fuzz?.close());

  it('a damaged list answer never crashes a plan, and a structurally damaged one fails the read with 0 operations and 0 writes', async () => {
    await fc.assert(fc.asyncProperty(answerCase, (c) => checkAnswerCase(fuzz, c)), { numRuns: 40, seed: 1313 });
    expect(fuzz.stats.crashes).toBe(0);
    expect(fuzz.stats.writes).toBe(0);
    expect(fuzz.stats.structural).toBeGreaterThan(15);
    expect(fuzz.stats.refused).toBe(fuzz.stats.structural);
  }, 120_000);
});
