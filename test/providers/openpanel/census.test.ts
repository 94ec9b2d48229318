import { afterEach, describe, expect, it } from 'vitest';
import type { OpenPanelEmulatorOptions } from '../../../controller/emulators/openpanel/index.ts';
import { openPanelAdmin, openPanelFixture, openPanelWorld, type OpenPanelWorld } from '../../helpers/hosting-fixtures.ts';
import { startTamperingProxy, type TamperingProxy } from '../../helpers/tampering-proxy.ts';
import { startWorld } from '../../helpers/world.ts';

const account = (name: string, extra = '') => `apiVersion: openpanel.panelops.io/v1
kind: Account
metadata: { name: ${name} }
spec: { email: ${name}@x.example, plan: basic, password: { env: ACCOUNT_PASS }${extra} }
`;

/**
 * openpanel.md §10.1-§10.9: OpenPanel's delete and unsuspend reach every account its
 * unescaped, case-insensitive LIKE matches. Before either, panelops takes the census of every
 * account and refuses, in the plan, whenever anyone else could be hit.
 */
describe('OpenPanel: the account census before a delete or an unsuspend', () => {
  let world: OpenPanelWorld;
  afterEach(() => world.close());

  async function start(options: OpenPanelEmulatorOptions = {}) {
    world = await openPanelWorld(options);
    return openPanelAdmin(world.emulator);
  }
  const deletes = () => world.emulator.counters.get('DELETE', '/api/users/:username');
  const patches = () => world.emulator.counters.get('PATCH', '/api/users/:username');

  it('path 1: the read finds bob\'s own suspended row while the delete would pick jimbob\'s: refused, jimbob keeps his home', async () => {
    const op = await start();
    await op.create('jimbob');
    await world.write({ 'b.yaml': account('bob', ', suspended: true'), 'c.yaml': account('carol') });
    expect((await world.apply()).code).toBe(0);
    await op.suspend('jimbob');
    // The read of "bob" answers with bob's own row: nothing in it hints at jimbob.
    expect((await op.call('GET', '/api/users/bob')).body?.user.user.username).toMatch(/_bob$/);
    await world.write({ 'c.yaml': account('carol') });
    const plan = await world.plan();
    expect(plan.stdout).toContain('not deleted: OpenPanel\'s delete of "bob" also matches jimbob (suspended)');
    world.emulator.counters.reset();
    await world.apply({ allowDeletes: 1 });
    expect(deletes()).toBe(0);
    expect(world.emulator.state.byName('jimbob')?.username).toMatch(/^SUSPENDED_\d{14}_jimbob$/);
    expect(world.emulator.state.linuxUsers.has('jimbob')).toBe(true);
  });

  it('path 2: an unmanaged suspended jimbob with no domain, never read, is found by the census', async () => {
    const op = await start();
    await world.write({ 'b.yaml': account('bob'), 'c.yaml': account('carol') });
    expect((await world.apply()).code).toBe(0);
    await op.create('jimbob');
    await op.suspend('jimbob');
    await world.write({ 'c.yaml': account('carol') });
    expect((await world.plan()).stdout).toContain('also matches jimbob (suspended)');
    world.emulator.counters.reset();
    await world.apply({ allowDeletes: 1 });
    expect(deletes()).toBe(0);
    expect(world.emulator.state.byName('jimbob')).toBeDefined();
    expect(world.emulator.state.byName('bob')?.username).toBe('bob');
  });

  it('path 3: an ACTIVE suspendedbybob matches the delete of bob (the first _ is a wildcard, any case): refused', async () => {
    const op = await start();
    await world.write({ 'b.yaml': account('bob'), 'c.yaml': account('carol') });
    expect((await world.apply()).code).toBe(0);
    await op.create('suspendedbybob');
    await world.write({ 'c.yaml': account('carol') });
    expect((await world.plan()).stdout).toContain('also matches suspendedbybob (its name is "suspended" + characters + "bob")');
    world.emulator.counters.reset();
    await world.apply({ allowDeletes: 1 });
    expect(deletes()).toBe(0);
    expect(world.emulator.state.byName('suspendedbybob')?.username).toBe('suspendedbybob');
  });

  it('path 4: two suspended matches make every unsuspend fail on the unique key: refused in the plan, never sent', async () => {
    const op = await start();
    await world.write({ 'b.yaml': account('bob', ', suspended: true') });
    expect((await world.apply()).code).toBe(0);
    await op.create('jimbob');
    await op.suspend('jimbob');
    await world.write({ 'b.yaml': account('bob', ', suspended: false') });
    const plan = await world.plan();
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('not unsuspended: OpenPanel\'s unsuspend of "bob" also matches jimbob (suspended)');
    world.emulator.counters.reset();
    await world.apply();
    expect(patches()).toBe(0);
    expect(world.emulator.state.byName('bob')?.username).toMatch(/^SUSPENDED_/);
  });

  it('the census costs one request per plan, not a read per account: only names ending in a managed one are read', async () => {
    const op = await start();
    world.emulator.seedAccounts(50, { prefix: 'site' });
    await world.write({ 'b.yaml': account('bob'), 'c.yaml': account('carol'), 'd.yaml': account('dave') });
    expect((await world.apply()).code).toBe(0);
    await op.create('jimbob');
    world.emulator.counters.reset();
    expect((await world.plan()).code).toBe(0);
    expect(world.emulator.counters.get('GET', '/api/usage/disk')).toBe(1);
    // bob, carol and dave, plus jimbob (ends in "bob"): none of the 50 others.
    expect(world.emulator.counters.get('GET', '/api/users/:username')).toBe(4);
  });

  it('an active jimbob does not stop the delete of bob; after it, jimbob is untouched', async () => {
    const op = await start();
    await world.write({ 'b.yaml': account('bob'), 'c.yaml': account('carol') });
    expect((await world.apply()).code).toBe(0);
    await op.create('jimbob');
    await world.write({ 'c.yaml': account('carol') });
    const applied = await world.apply({ allowDeletes: 1 });
    expect(applied.code, applied.stdout).toBe(0);
    expect(world.emulator.state.byName('bob')).toBeUndefined();
    expect(world.emulator.state.byName('jimbob')?.username).toBe('jimbob');
  });

  it('no census (disk quotas off): deletes and unsuspends of that panel are refused, other changes go ahead', async () => {
    await start({ diskQuotas: false });
    await world.write({ 'b.yaml': account('bob'), 'c.yaml': account('carol', ', suspended: true') });
    expect((await world.apply()).code).toBe(0);
    await world.write({ 'c.yaml': account('carol', ', suspended: false') });
    const plan = await world.plan();
    expect(plan.stdout).toContain('not deleted: OpenPanel\'s account census (GET /api/usage/disk) is not available');
    expect(plan.stdout).toContain('not unsuspended: OpenPanel\'s account census');
    world.emulator.counters.reset();
    await world.apply({ allowDeletes: 1 });
    expect(deletes() + patches()).toBe(0);
  });
});

describe('OpenPanel: census and identity through a proxy that changes answers', () => {
  let world: OpenPanelWorld;
  let proxy: TamperingProxy;
  afterEach(async () => {
    await world.close();
    await proxy.close();
  });

  async function proxied(): Promise<void> {
    const base = openPanelFixture();
    world = await startWorld({
      ...base,
      start: async () => {
        const e = await base.start();
        proxy = await startTamperingProxy(e.url);
        return e;
      },
      env: (e) => ({ ...base.env(e), PANEL_URL: proxy.url }),
    });
  }

  it('a census answered with the health body of an unknown route is no census: the delete is refused (§9, §10.9)', async () => {
    await proxied();
    await world.write({ 'b.yaml': account('bob'), 'c.yaml': account('carol') });
    expect((await world.apply()).code).toBe(0);
    proxy.tamper = (req) => (req.path === '/api/usage/disk' ? { status: 200, body: '{"message":"API is working!"}' } : undefined);
    await world.write({ 'c.yaml': account('carol') });
    expect((await world.plan()).stdout).toContain('not deleted: OpenPanel\'s account census (GET /api/usage/disk) is not available');
    world.emulator.counters.reset();
    await world.apply({ allowDeletes: 1 });
    expect(world.emulator.counters.get('DELETE', '/api/users/:username')).toBe(0);
  });

  it('is caught by the row id read back: another account renamed to bob fails the operation (§10.7)', async () => {
    await proxied();
    const op = await openPanelAdmin(world.emulator);
    await world.write({ 'b.yaml': account('bob', ', suspended: true') });
    expect((await world.apply()).code).toBe(0);
    await op.create('jimbob');
    await world.write({ 'b.yaml': account('bob', ', suspended: false') });
    // Right after the last read the write is built on (jimbob's, checked active by the census
    // of the write), someone else suspends jimbob and deletes bob's row: the unsuspend then
    // matches jimbob's row alone.
    let reads = 0;
    proxy.tamper = (req) => {
      if (req.method !== 'GET' || req.path !== '/api/users/jimbob' || ++reads !== 2) return undefined;
      const { state } = world.emulator;
      const jimbob = state.byName('jimbob');
      const bob = state.byName('bob');
      if (jimbob) state.rename(jimbob, `${state.suspendedPrefix()}jimbob`);
      if (bob) state.deleteRow(bob);
      return undefined;
    };
    const applied = await world.apply();
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain("the unsuspend renamed another account's row");
  });
});
