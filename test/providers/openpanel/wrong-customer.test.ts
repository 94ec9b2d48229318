import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPanelAdmin, openPanelWorld, type OpenPanelWorld } from '../../helpers/hosting-fixtures.ts';

/**
 * Issue 19, point 1: OpenPanel matches account names against suspended accounts by an
 * unescaped suffix (openpanel.md §9), so "bob" can reach a suspended "jimbob". panelops
 * checks who every row it reads belongs to, refuses writes to such a name, and never sends
 * a delete twice without reading back.
 */
const account = (name: string, extra = '') => `apiVersion: openpanel.panelops.io/v1
kind: Account
metadata: { name: ${name} }
spec: { email: ${name}@x.example, plan: basic, password: { env: ACCOUNT_PASS }${extra} }
`;

describe('OpenPanel: never touch another customer through the suffix match', () => {
  let world: OpenPanelWorld;
  let op: Awaited<ReturnType<typeof openPanelAdmin>>;
  beforeEach(async () => {
    world = await openPanelWorld();
    op = await openPanelAdmin(world.emulator);
  });
  afterEach(() => world.close());

  it('does not adopt or unsuspend a suspended jimbob as "bob"; a create of "bob" is refused with the reason', async () => {
    await op.create('jimbob');
    await op.addDomain('jimbob', 'jimbob.example');
    await op.suspend('jimbob');
    await world.write({ 'a.yaml': account('bob', ', suspended: false') }, '{ prune: true, adopt: true }');
    world.emulator.counters.reset();
    const plan = await world.plan();
    expect(plan.stdout).not.toContain('* Account/bob');
    const applied = await world.apply();
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/Account\/bob: refused to create it: .*the suspended account "jimbob".* Nothing was sent\./);
    const jimbob = world.emulator.state.byName('jimbob');
    expect(jimbob?.username).toMatch(/^SUSPENDED_\d{14}_jimbob$/);
    expect(world.emulator.state.byName('bob')).toBeUndefined();
    expect(world.emulator.counters.get('PATCH', '/api/users/:username')).toBe(0);
  });

  it('refuses to delete "bob" while a suspended jimbob would be deleted with it', async () => {
    await world.write({ 'a.yaml': account('bob'), 'c.yaml': account('carol') });
    expect((await world.apply()).code).toBe(0);
    await op.create('jimbob');
    await op.addDomain('jimbob', 'jimbob.example');
    await op.suspend('jimbob');
    await world.write({ 'c.yaml': account('carol') });
    const plan = await world.plan();
    // Refused in the plan itself, naming who else the delete would reach (openpanel.md §10.5).
    expect(plan.stdout).not.toMatch(/Account\n\s+- bob/);
    expect(plan.stdout).toContain('not deleted: OpenPanel\'s delete of "bob" also matches jimbob (suspended)');
    await world.apply({ allowDeletes: 1 });
    expect(world.emulator.counters.get('DELETE', '/api/users/:username')).toBe(0);
    expect(world.emulator.state.byName('bob')).toBeDefined();
    expect(world.emulator.state.byName('jimbob')?.username).toMatch(/_jimbob$/);
  });

  it('notes an ambiguous account in the plan and refuses to change it', async () => {
    await world.write({ 'a.yaml': account('bob'), 'c.yaml': account('carol') });
    expect((await world.apply()).code).toBe(0);
    await op.create('jimbob');
    await op.addDomain('jimbob', 'jimbob.example');
    await op.suspend('jimbob');
    await world.write({ 'a.yaml': account('bob', ', suspended: true') });
    const plan = await world.plan();
    expect(plan.stdout).toContain('ambiguous on the panel: OpenPanel also matches "bob" to the suspended account "jimbob"');
    const applied = await world.apply();
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('Account/bob: refused to change it');
    expect(world.emulator.state.byName('bob')?.username).toBe('bob');
  });

  it('reads a delete whose answer was lost back instead of sending it again', async () => {
    await world.write({ 'a.yaml': account('bob'), 'c.yaml': account('carol') });
    expect((await world.apply()).code).toBe(0);
    await world.write({ 'c.yaml': account('carol') });
    world.emulator.loseNextAnswer('DELETE /api/users/bob');
    world.emulator.counters.reset();
    const applied = await world.apply({ allowDeletes: 1 });
    expect(applied.code, applied.stdout).toBe(0);
    // A second DELETE would run the suffix match again, on whatever matches by then.
    expect(world.emulator.counters.get('DELETE', '/api/users/:username')).toBe(1);
    expect(world.emulator.state.byName('bob')).toBeUndefined();
    expect(world.emulator.state.byName('carol')).toBeDefined();
  });
});
