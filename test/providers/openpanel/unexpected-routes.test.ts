import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPanelWorld, type OpenPanelWorld } from '../../helpers/hosting-fixtures.ts';

/**
 * Issue 19, point 8: an unmatched GET under /api/ answers 200 "API is working!" and an
 * unmatched POST reaches the login (openpanel.md §9). A panel URL with a wrong path logs in
 * fine; its reads must fail, never read as a panel with nothing on it.
 */
describe('OpenPanel: a 200 from a route that is not the one asked for', () => {
  let world: OpenPanelWorld;
  beforeEach(async () => {
    world = await openPanelWorld();
    world.emulator.seedAccounts(3, { prefix: 'shop' });
  });
  afterEach(() => world.close());

  it('fails the read instead of planning a create for every object', async () => {
    world.env.PANEL_URL = `${world.emulator.url}/api/v2`;
    await world.write({
      'a.yaml': 'apiVersion: openpanel.panelops.io/v1\nkind: Account\nmetadata: { name: shop1 }\nspec: { email: shop1@example.com, plan: basic, password: { env: ACCOUNT_PASS } }\n',
    });
    world.emulator.counters.reset();
    const plan = await world.plan();
    expect(plan.code).toBe(1);
    expect(plan.stdout + plan.stderr).not.toMatch(/\+ shop1|\+ basic/);
    expect(plan.stdout).toContain('not observed: "plans" of GET /api/plans: the field is missing');
    expect(plan.stdout).toContain('nothing is planned for this panel');
    expect(world.emulator.counters.get('POST', '/api/users')).toBe(0);
  });
});
