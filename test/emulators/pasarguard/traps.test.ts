import { afterAll, beforeAll, describe, it } from 'vitest';
import { emulatorTarget, type PasarGuardTarget } from '../../lane/pasarguard-target.ts';
import { PASARGUARD_TRAPS } from '../../lane/pasarguard-traps.ts';

/** Every trap of pasarguard.md against the emulator; test/real/pasarguard.real.test.ts runs the same cases on a real panel. */
describe('PasarGuard emulator: the traps of the panel document', () => {
  let target: PasarGuardTarget;
  beforeAll(async () => {
    target = await emulatorTarget();
  });
  afterAll(() => target.close());

  for (const trap of PASARGUARD_TRAPS) it(trap.name, () => trap.run(target));
});
