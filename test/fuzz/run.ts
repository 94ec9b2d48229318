/**
 * `npm run test:fuzz`: the long manifest fuzz run (10,000 cases by default, FUZZ_RUNS to
 * change), then the panel answer fuzz run (500 cases, ANSWER_FUZZ_RUNS).
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { startMarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { answerCase, checkAnswerCase, startAnswerFuzz } from './answer-fuzz-property.ts';
import { checkCase, fuzzCase, type FuzzStats } from './fuzz-property.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const emulator = await startMarzbanEmulator();
const dir = await tempDir('panelops-fuzz-');
const stats: FuzzStats = { cases: 0, invalid: 0 };
const started = performance.now();
try {
  await fc.assert(fc.asyncProperty(fuzzCase, (c) => checkCase(join(dir.path, 'm'), emulator, c, stats)), { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1e9) });
  process.stdout.write(`fuzz: ${stats.cases} cases, ${stats.invalid} invalid, 0 crashes, requests to the panel: ${emulator.counters.total()}, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
} finally {
  await emulator.close();
  await dir.cleanup();
}

const answers = await startAnswerFuzz();
const answersStarted = performance.now();
try {
  const answerRuns = Number(process.env.ANSWER_FUZZ_RUNS ?? 500);
  await fc.assert(fc.asyncProperty(answerCase, (c) => checkAnswerCase(answers, c)), { numRuns: answerRuns, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1e9) });
  const s = answers.stats;
  process.stdout.write(
    `answer fuzz: ${s.cases} cases, ${s.structural} structurally damaged (all ${s.refused} refused), ${s.skipped} not applicable, ${s.crashes} crashes, ${s.writes} writes, ${((performance.now() - answersStarted) / 1000).toFixed(1)} s\n`,
  );
} finally {
  await answers.close();
}
