import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { checkCase, exampleFiles, fuzzCase, type FuzzStats } from './fuzz-property.ts';

describe('manifest fuzzing (short; npm run test:fuzz runs 10,000 cases)', () => {
  let emulator: MarzbanEmulator;
  let dir: { path: string; cleanup(): Promise<void> };
  beforeAll(async () => {
    emulator = await startMarzbanEmulator();
    dir = await tempDir('panelops-fuzz-');
  });
  afterAll(async () => {
    await emulator.close();
    await dir.cleanup();
  });

  it('never crashes, always names file and line, and sends nothing when invalid', async () => {
    expect(exampleFiles.length).toBeGreaterThan(10);
    const stats: FuzzStats = { cases: 0, invalid: 0 };
    await fc.assert(fc.asyncProperty(fuzzCase, (c) => checkCase(join(dir.path, 'm'), emulator, c, stats)), { numRuns: 250, seed: 1122 });
    expect(stats.cases).toBe(250);
    expect(stats.invalid).toBeGreaterThan(50);
    expect(emulator.counters.total()).toBe(0);
  });
});
