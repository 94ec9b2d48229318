import { afterEach, describe, expect, it } from 'vitest';
import { openPanelAdmin, openPanelWorld, type OpenPanelWorld } from '../../helpers/hosting-fixtures.ts';

/** Issue 19, points 2 and 5: opencli's creation lock, its exact password rule, half-created accounts. */
const accounts = (names: string[], password = 'ACCOUNT_PASS') => `apiVersion: openpanel.panelops.io/v1
kind: AccountList
spec:
  defaults: { plan: basic, password: { env: ${password} } }
  items:
${names.map((n) => `    - { name: ${n}, email: ${n}@x.example }`).join('\n')}
`;

describe('OpenPanel account creation', () => {
  let world: OpenPanelWorld | undefined;
  afterEach(() => world?.close());

  it('sends creates one at a time, so opencli\'s lock never refuses one; the run converges', async () => {
    world = await openPanelWorld({ createLatencyMs: 15 });
    const names = Array.from({ length: 12 }, (_, i) => `site${i + 1}`);
    await world.write({ 'a.yaml': accounts(names) });
    const applied = await world.apply();
    expect(applied.code, applied.stdout).toBe(0);
    expect(world.emulator.counters.get('POST', '/api/users')).toBe(12);
    for (const n of names) expect(world.emulator.state.byName(n)).toBeDefined();
    expect((await world.plan()).code).toBe(0);
  });

  it('waits while another session is creating an account instead of failing', async () => {
    world = await openPanelWorld();
    await world.write({ 'a.yaml': accounts(['bakery']) });
    world.emulator.holdCreationLock(2);
    const applied = await world.apply();
    expect(applied.code, applied.stdout).toBe(0);
    expect(world.emulator.counters.get('POST', '/api/users')).toBe(3);
    expect(world.emulator.state.byName('bakery')).toBeDefined();
  });

  it.each([
    ['a space', 'bakery shop'],
    ['an accented letter', 'bäckerei'],
  ])('refuses a password whose only symbol is %s before any request (the panel does not count it)', async (_what, password) => {
    world = await openPanelWorld();
    world.env.WEAK = password;
    await world.write({ 'a.yaml': accounts(['bakery'], 'WEAK') });
    world.emulator.counters.reset();
    const plan = await world.plan();
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/a\.yaml:\d+:\d+: \/spec\/defaults\/password: the password is too weak for OpenPanel/);
    expect(world.emulator.counters.total()).toBe(0);
    expect(world.emulator.state.halfCreated('bakery')).toBe(false);
  });

  it('reports a half-created account (a Linux user with no row) with what to do, not "no reason"', async () => {
    world = await openPanelWorld();
    const op = await openPanelAdmin(world.emulator);
    // Someone created it by hand with a password the panel refused after useradd.
    expect((await op.create('bakery', 'basic', 'bakery shop')).status).toBe(500);
    expect(world.emulator.state.halfCreated('bakery')).toBe(true);
    await world.write({ 'a.yaml': accounts(['bakery']) });
    const applied = await world.apply();
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('Account/bakery: the panel refused the account without a reason and it does not exist');
    expect(applied.stdout).toContain('half-created account (a Linux user with no panel row)');
    expect(applied.stdout).toContain('userdel -r bakery');
  });
});
