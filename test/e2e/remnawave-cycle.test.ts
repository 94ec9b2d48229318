import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRemnawaveEmulator, type RemnawaveEmulator } from '../../controller/emulators/remnawave/index.ts';
import { connectRemnawave } from '../lane/remnawave/api.ts';
import { remnawaveAdapter } from '../lane/remnawave/index.ts';
import { operatorCycle } from '../lane/operator-cycle.ts';
import type { LaneTarget } from '../lane/target.ts';

/**
 * The operator cycle of the real-panel lane, on the emulator, with what only an emulator can
 * show: the requests panelops sent. Squads, users, a node and a host seeded through the API;
 * import, plan 0, edits to every kind, apply, plan 0, everything else byte-identical (the lane
 * checks that); and not one request to a route that rotates credentials or touches every user.
 */
describe('Remnawave 3.3.2: import, plan, edit, apply, plan', () => {
  let emulator: RemnawaveEmulator;
  let target: LaneTarget;
  beforeAll(async () => {
    emulator = await startRemnawaveEmulator({ seed: 11 });
    target = { where: 'emulator', type: 'remnawave', version: '3.3.2', url: emulator.url, auth: { token: emulator.apiToken }, prefix: 'cyc', close: async () => {} };
  });
  afterAll(() => emulator.close());

  it('converges, and writes only what the edits ask, through the routes that keep keys', async () => {
    await operatorCycle(remnawaveAdapter, { target, api: await connectRemnawave(target), prefix: 'cyck' });
    const routes = emulator.counters.snapshot();
    const sent = Object.keys(routes).filter((r) => !r.startsWith('GET '));
    expect(sent.filter((r) => /bulk|revoke|add-users|remove-users|reset-traffic/.test(r))).toEqual([]);
    // ann, bob, dan and cara were edited; eve (pinned credentials) and the LIMITED user's status were not touched.
    expect(routes['PATCH /api/users']).toBe(4);
    expect(routes['POST /api/users/:id/actions/:action(enable|disable|reset-traffic|revoke|extend)'] ?? 0).toBe(0);
    // One create for the new user, besides the six of the seed.
    expect(routes['POST /api/users']).toBe(7);
    expect(emulator.state.userByName('cyckdan')?.status).toBe('LIMITED');
  });
});
