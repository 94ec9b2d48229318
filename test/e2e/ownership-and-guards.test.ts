import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { marzbanApi, type ApiUser } from '../helpers/marzban-api.ts';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';

const users = (names: string[]) => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { proxies: { vmess: {} } }
  items:
${names.map((n) => `    - name: ${n}`).join('\n')}
`;

/** Requests that could change the panel; logging in is not one. */
const writesBesidesLogin = (world: MarzbanWorld) => world.emulator.counters.writes() - world.emulator.counters.get('POST', '/api/admin/token');

describe('ownership and guards against a live emulator', () => {
  let world: MarzbanWorld;
  beforeEach(async () => {
    world = await marzbanWorld();
    world.emulator.seedUsers(5, { prefix: 'legacy' });
  });
  afterEach(() => world.close());

  it('prunes only what it owns and reports the rest as unmanaged', async () => {
    await world.write({ 'u.yaml': users(['owned_a', 'owned_b', 'owned_c']) });
    expect((await world.apply()).code).toBe(0);
    await world.write({ 'u.yaml': users(['owned_a', 'owned_b']) });
    const plan = await world.plan();
    expect(plan.stdout).toContain('- owned_c');
    expect(plan.stdout).toMatch(/unmanaged \(left alone\): .*\b5 User/);
    expect(plan.stdout).not.toMatch(/- legacy/);
    expect((await world.apply()).code).toBe(0);
    const api = await marzbanApi(world.emulator.url);
    const left = await api.get<{ users: ApiUser[] }>('/api/users');
    expect(left.users.map((u) => u.username).sort()).toEqual(['legacy1', 'legacy2', 'legacy3', 'legacy4', 'legacy5', 'owned_a', 'owned_b'].sort());
  });

  it('refuses to take over an existing user it does not own, unless the panel policy adopts', async () => {
    const api = await marzbanApi(world.emulator.url);
    const existing = (await api.get<{ users: ApiUser[] }>('/api/users')).users[0];
    if (!existing) throw new Error('seed made no users');
    await world.write({ 'u.yaml': users([existing.username]) });
    const blocked = await world.plan();
    expect(blocked.code).toBe(3);
    expect(blocked.stdout).toContain(`User/${existing.username} already exists on panel mz but panelops does not own it`);

    await world.write({ 'u.yaml': users([existing.username]) }, '{ adopt: true }');
    const adopted = await world.apply();
    expect(adopted.code, adopted.stdout).toBe(0);
    const after = await api.get<ApiUser>(`/api/user/${existing.username}`);
    expect(after.used_traffic).toBe(existing.used_traffic);
    expect(after.proxies.vmess?.id ?? null).toBe(existing.proxies.vmess?.id ?? null);
  });

  it('blocks with exit 3 and sends nothing when the manifest directory disappears', async () => {
    await world.write({ 'u.yaml': users(['keep_1', 'keep_2']) });
    expect((await world.apply()).code).toBe(0);
    await rm(world.manifests, { recursive: true, force: true });
    world.emulator.counters.reset();

    const plan = await world.plan();
    expect(plan.code).toBe(3);
    expect(plan.stdout).toContain('empty-source');
    const apply = await world.apply();
    expect(apply.code).toBe(3);
    expect(world.emulator.counters.total()).toBe(0);
    const api = await marzbanApi(world.emulator.url);
    expect(await api.status('/api/user/keep_1')).toBe(200);
  });

  it('blocks a plan that deletes more than policy.maxDeletes', async () => {
    await world.write({ 'u.yaml': users(['del1', 'del2', 'del3', 'del4']) }, '{ maxDeletes: 2 }');
    expect((await world.apply()).code).toBe(0);
    await world.write({ 'u.yaml': users(['del1']) }, '{ maxDeletes: 2 }');
    world.emulator.counters.reset();
    const apply = await world.apply();
    expect(apply.code).toBe(3);
    expect(apply.stdout).toContain('policy.maxDeletes is 2');
    expect(writesBesidesLogin(world)).toBe(0);
    expect((await world.apply({ allowDeletes: 3 })).code).toBe(0);
  });
});
