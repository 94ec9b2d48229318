import { afterAll, describe, it } from 'vitest';
import { runPasarGuardCycle } from '../lane/pasarguard-cycle.ts';
import { realPasarGuardTargets, type PasarGuardTarget } from '../lane/pasarguard-target.ts';
import { PASARGUARD_TRAPS } from '../lane/pasarguard-traps.ts';

const targets = await realPasarGuardTargets();

/**
 * On each real PasarGuard panel: the traps the emulator reproduces (test/emulators/pasarguard/
 * traps.test.ts) and the operator cycle it converges on (test/e2e/pasarguard-cycle.test.ts).
 */
describe.skipIf(targets.length === 0).each(targets.map((t) => [t.version, t] as const))('PasarGuard %s (real)', (_version, target: PasarGuardTarget) => {
  afterAll(() => target.close());
  for (const trap of PASARGUARD_TRAPS) it(`trap: ${trap.name}`, () => trap.run(target));
  it('operator cycle: import, plan 0, edits to every kind, apply, plan 0, nothing else changed', () => runPasarGuardCycle({ ...target, prefix: `${target.prefix}c` }));
});
