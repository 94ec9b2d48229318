import { afterAll, describe, it } from 'vitest';
import { realPasarGuardTargets, type PasarGuardTarget } from '../lane/pasarguard-target.ts';
import { PASARGUARD_TRAPS } from '../lane/pasarguard-traps.ts';

const targets = await realPasarGuardTargets();

/** The traps the emulator reproduces (test/emulators/pasarguard/traps.test.ts), checked on each real PasarGuard panel. */
describe.skipIf(targets.length === 0).each(targets.map((t) => [t.version, t] as const))('PasarGuard %s (real): the traps of the panel document', (_version, target: PasarGuardTarget) => {
  afterAll(() => target.close());
  for (const trap of PASARGUARD_TRAPS) it(trap.name, () => trap.run(target));
});
