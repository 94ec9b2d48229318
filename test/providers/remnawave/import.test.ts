import { afterEach, describe, expect, it } from 'vitest';
import { startRemnawaveEmulator, type RemnawaveEmulator } from '../../../controller/emulators/remnawave/index.ts';
import { seedRemnawaveSandbox } from '../../../controller/sandbox/seed-remnawave.ts';
import { remnawaveApi } from '../../helpers/remnawave-api.ts';
import { remnawavePanel } from '../../lane/remnawave/panel.ts';
import { seedCycle } from '../../lane/remnawave/seed.ts';
import { laneWorld, type LaneWorld } from '../../lane/world.ts';

let emulator: RemnawaveEmulator | undefined;
let world: LaneWorld | undefined;
afterEach(async () => {
  await world?.close();
  await emulator?.close();
  world = emulator = undefined;
});

describe('Remnawave import', () => {
  it('takes a whole panel (its own Default-Squad included) into manifests that plan no change, without one write', async () => {
    emulator = await startRemnawaveEmulator({ seed: 5 });
    seedRemnawaveSandbox(emulator);
    await seedCycle(remnawaveApi(emulator.url, emulator.apiToken), 'imp');
    world = await laneWorld(remnawavePanel, { where: 'emulator', type: 'remnawave', version: '3.3.2', url: emulator.url, auth: { token: emulator.apiToken }, prefix: 'i', close: async () => {} });
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
