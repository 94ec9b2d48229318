import { afterAll, beforeAll, describe, it } from 'vitest';
import { runPasarGuardCycle } from '../lane/pasarguard-cycle.ts';
import { emulatorTarget, type PasarGuardTarget } from '../lane/pasarguard-target.ts';

/** The operator cycle on the PasarGuard emulator; test/real/pasarguard.real.test.ts runs it on a real v5.2.1 panel. */
describe('PasarGuard v5.2.1 emulator: import, plan, edit, apply, plan', () => {
  let target: PasarGuardTarget;
  beforeAll(async () => {
    target = await emulatorTarget('cy');
  });
  afterAll(() => target.close());

  it('converges, and changes nothing it was not asked to', () => runPasarGuardCycle(target));
});
