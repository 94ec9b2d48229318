import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPanelWorld, type OpenPanelWorld } from '../../helpers/hosting-fixtures.ts';

/**
 * Issue 19, point 4: rc 0 is no proof of a domain's suspension (openpanel.md §9). The
 * emulator serves what the real panel would; panelops never reports a suspension as done
 * when the panel skipped it, and says a recorded suspension is unverifiable.
 */
const files = (domain: string, account = ', suspended: false') => ({
  'a.yaml': `apiVersion: openpanel.panelops.io/v1\nkind: Account\nmetadata: { name: bakery }\nspec: { email: a@bakery.example, plan: basic, password: { env: ACCOUNT_PASS }${account} }\n`,
  'd.yaml': `apiVersion: openpanel.panelops.io/v1\nkind: Domain\nmetadata: { name: bakery.example }\nspec: { account: bakery${domain} }\n`,
});

describe('OpenPanel domain suspension', () => {
  let world: OpenPanelWorld;
  beforeEach(async () => {
    world = await openPanelWorld();
  });
  afterEach(() => world.close());
  const serving = () => world.emulator.state.domains.get('bakery.example')?.serving;

  it('fails a suspend the panel skipped ("already suspended" after an unsuspend) instead of calling it done', async () => {
    await world.write(files(', suspended: true'));
    expect((await world.apply()).code).toBe(0);
    expect(serving()).toBe('suspended-page');
    await world.write(files(', suspended: false'));
    expect((await world.apply()).code).toBe(0);
    expect(serving()).toBe('site');
    await world.write(files(', suspended: true'));
    const again = await world.apply();
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Domain/bakery.example: not suspended: the panel answered "Domain is already suspended."');
    expect(serving()).toBe('site');
    // Nothing recorded as done: the next plan still has the suspension to do.
    expect((await world.plan()).code).toBe(2);
  });

  it('notes that a recorded suspension is unverifiable, and that an account unsuspend re-activates domains', async () => {
    await world.write(files(', suspended: true'));
    expect((await world.apply()).code).toBe(0);
    const plan = await world.plan();
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('suspended as last applied, but unverifiable');
    await world.write(files(', suspended: true', ', suspended: true'));
    expect((await world.apply()).code).toBe(0);
    await world.write(files(', suspended: true', ', suspended: false'));
    const unsuspend = await world.plan();
    expect(unsuspend.stdout).toContain('an unsuspend re-activates every domain of this account');
    expect((await world.apply()).code).toBe(0);
    // The panel re-activated the domain suspended on its own, as the note said.
    expect(serving()).toBe('site');
  });
});
