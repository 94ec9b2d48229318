import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usersApiWorld, type UsersApiWorld } from '../../helpers/hosting-fixtures.ts';

const user = (name: string, extra = '') => `apiVersion: usersapi.panelops.io/v1
kind: User
metadata: { name: ${name} }
spec: { email: ${name}@x.example, password: { env: USER_PASS }, roles: [user]${extra} }
`;

describe('Users API users', () => {
  let world: UsersApiWorld;
  beforeEach(async () => {
    world = await usersApiWorld();
  });
  afterEach(() => world.close());

  it('shows a block reason in the plan, and plans the unblock when the manifest drops blocked', async () => {
    await world.write({ 'u.yaml': user('drew', ', blocked: { reason: "Spamming the forum" }') });
    expect((await world.apply()).code).toBe(0);
    const drew = world.emulator.state.byUsername('drew');
    expect(drew && world.emulator.state.isBlocked(drew)).toBe(true);
    expect(drew?.block?.reason).toBe('Spamming the forum');
    expect((await world.plan()).code).toBe(0);

    await world.write({ 'u.yaml': user('drew') });
    const plan = await world.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/blocked: "?blocked \(reason: Spamming the forum\)"? → "?not blocked/);
    expect((await world.apply()).code).toBe(0);
    expect(drew && world.emulator.state.isBlocked(drew)).toBe(false);
    expect((await world.plan()).code).toBe(0);
  });

  it('reports a block someone else set, with its reason, and keeps it', async () => {
    await world.write({ 'u.yaml': user('erin') });
    expect((await world.apply()).code).toBe(0);
    const erin = world.emulator.state.byUsername('erin');
    if (!erin) throw new Error('erin was not created');
    erin.block = { reason: 'Chargeback', until: null };
    const plan = await world.plan();
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('erin: blocked (reason: Chargeback) on the panel; the manifest does not manage blocking, so it stays');
  });

  it('diffs roles as a set by name or id, and walks every page of users', async () => {
    world.emulator.seedUsers(250, { prefix: 'bulk' });
    await world.write({ 'u.yaml': user('fay', '').replace('roles: [user]', 'roles: [user, 2]') });
    expect((await world.apply()).code).toBe(0);
    const fay = world.emulator.state.byUsername('fay');
    expect(fay?.roleIds.sort()).toEqual([2, 3]);
    await world.write({ 'u.yaml': user('fay', '').replace('roles: [user]', 'roles: [moderator, 3]') });
    expect((await world.plan()).code).toBe(0);
    expect(world.emulator.counters.get('GET', '/api/users')).toBeGreaterThanOrEqual(3);
  });

  it('blocks a pruned user instead of deleting it (the API has no delete) and releases it', async () => {
    await world.write({ 'u.yaml': user('gus') + '---\n' + user('hal') });
    expect((await world.apply()).code).toBe(0);
    await world.write({ 'u.yaml': user('gus') });
    expect((await world.apply({ allowDeletes: 1 })).code).toBe(0);
    const hal = world.emulator.state.byUsername('hal');
    expect(hal?.block?.reason).toBe('Removed from the panelops manifests');
    const after = await world.plan();
    expect(after.code).toBe(0);
    expect(after.stdout).not.toContain('hal');
  });
});
