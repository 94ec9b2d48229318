import { afterEach, describe, expect, it } from 'vitest';
import { seedRemnawaveSandbox } from '../../../controller/sandbox/seed-remnawave.ts';
import { emulatedRemnawave, type EmulatedRemnawave } from '../../helpers/remnawave-fixture.ts';
import { seedCycle } from '../../lane/remnawave/seed.ts';

let lane: EmulatedRemnawave | undefined;
afterEach(async () => {
  await lane?.close();
  lane = undefined;
});

describe('Remnawave import', () => {
  it('takes a whole panel (its own Default-Squad included) into manifests that plan no change, without one write', async () => {
    lane = await emulatedRemnawave({ seed: 5 });
    const { emulator, world, api } = lane;
    seedRemnawaveSandbox(emulator);
    await seedCycle(api, 'imp');
    await world.write({});
    const writesBefore = emulator.counters.writes();
    const imported = await world.importNarrowed([]);
    expect(imported.code, imported.stderr).toBe(0);
    const plan = await world.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain('managed: 3 InternalSquad, 1 Node, 1 Host, 12 User');
    expect(emulator.counters.writes()).toBe(writesBefore);
  });
});
