import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UsersApiEmulator } from '../../../controller/emulators/users-api/index.ts';
import type { World } from '../../helpers/world.ts';
import { fluteWorld, importInto, userYaml } from './flute-fixture.ts';

/** Issue 20, row by row: the Users API on a real Flute installation (users-api.md §4, §7). */
describe('Users API on the Flute module', () => {
  let world: World<UsersApiEmulator>;
  afterEach(() => world.close());
  const user = (name: string) => world.emulator.state.byUsername(name);

  it('list / observe / import: keys on login, and the imported manifests plan nothing', async () => {
    world = await fluteWorld();
    await world.write({});
    expect((await importInto(world)).code).toBe(0);
    const file = (await readdir(world.manifests)).find((f) => f.includes('users'));
    const text = await readFile(join(world.manifests, file ?? ''), 'utf8');
    expect(text).toContain('name: member1');
    expect(text).toContain('member5@example.com');
    const plan = await world.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });

  it('create: sends name and login, sets roles by name through the role list, then plans nothing', async () => {
    world = await fluteWorld();
    await world.write({ 'u.yaml': userYaml('nova', 'email: nova@x.example, password: { env: USER_PASS }, roles: [admin, user]') });
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(user('nova')).toMatchObject({ name: 'nova', email: 'nova@x.example', roleIds: [1, 2] });
    expect((await world.plan()).code).toBe(0);
  });

  it('update: a full replacement that keeps the live name and login and resends the manifest password', async () => {
    world = await fluteWorld();
    await world.write({ 'u.yaml': userYaml('orla', 'email: orla@x.example, password: { env: USER_PASS }') });
    expect((await world.apply()).code).toBe(0);
    const orla = user('orla');
    if (!orla) throw new Error('orla was not created');
    orla.name = 'Orla the Great';
    await world.write({ 'u.yaml': userYaml('orla', 'email: orla@new.example, password: { env: USER_PASS }') });
    const plan = await world.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('the Flute module replaces the whole user');
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(orla).toMatchObject({ name: 'Orla the Great', username: 'orla', email: 'orla@new.example' });
    expect(world.emulator.state.checkPassword('orla', 'Member-Pass-2026')).toBe(true);
    expect((await world.plan()).code).toBe(0);
  });

  it('blocks read: a block set in the admin panel is shown with its reason and kept, run after run', async () => {
    world = await fluteWorld();
    await world.write({ 'u.yaml': userYaml('pia', 'email: pia@x.example, password: { env: USER_PASS }') });
    expect((await world.apply()).code).toBe(0);
    const pia = user('pia');
    if (!pia) throw new Error('pia was not created');
    pia.block = { reason: 'Chargeback dispute', until: null, from: Date.now() };
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toContain('pia: blocked (reason: Chargeback dispute) on the panel; the manifest does not manage blocking, so it stays');
    expect((await world.apply()).code).toBe(0);
    expect(world.emulator.state.isBlocked(pia)).toBe(true);
    expect((await world.plan()).code).toBe(0);
  });

  it('block: refused in the plan with the reason, naming file and field, before any write', async () => {
    world = await fluteWorld();
    await world.write({ 'u.yaml': userYaml('quin', 'email: quin@x.example, password: { env: USER_PASS }') });
    expect((await world.apply()).code).toBe(0);
    await world.write({ 'u.yaml': userYaml('quin', 'email: quin@x.example, password: { env: USER_PASS }, blocked: { reason: Spamming the forum }') });
    const writes = world.emulator.counters.writes();
    const plan = await world.plan();
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/u\.yaml:4:\d+: \/spec\/blocked: the Flute API module cannot block users: every block request answers 500/);
    const applied = await world.apply();
    expect(applied.code).toBe(1);
    expect(world.emulator.counters.get('POST', '/api/users/:id(\\d+)/block')).toBe(0);
    expect(world.emulator.counters.writes()).toBe(writes);
  });

  it('prune: refused in the plan, without a request (no block, no soft delete), the user left as it is', async () => {
    world = await fluteWorld();
    await world.write({ 'u.yaml': userYaml('rhea', 'email: rhea@x.example, password: { env: USER_PASS }') + '---\n' + userYaml('sol', 'email: sol@x.example, password: { env: USER_PASS }') });
    expect((await world.apply()).code).toBe(0);
    await world.write({ 'u.yaml': userYaml('rhea', 'email: rhea@x.example, password: { env: USER_PASS }') });
    const writes = world.emulator.counters.writes();
    const plan = await world.plan();
    expect(plan.stdout).toContain('note: User/sol: manifest removed, but not deleted: the Flute API module cannot retire users');
    expect(plan.stdout).toContain('"panelops state forget ua:User/sol"');
    expect(plan.stdout).not.toMatch(/- sol/);
    const applied = await world.apply({ allowDeletes: 1 });
    expect(applied.code, applied.stdout).toBe(0);
    expect(world.emulator.counters.writes()).toBe(writes);
    expect(user('sol')).toMatchObject({ softDeleted: false, block: null });
  });

  it('roles: numeric ids and names both converge (reads carry names only)', async () => {
    world = await fluteWorld();
    await world.write({ 'u.yaml': userYaml('tao', 'email: tao@x.example, password: { env: USER_PASS }, roles: [1, user]') });
    expect((await world.apply()).code).toBe(0);
    expect(user('tao')?.roleIds).toEqual([1, 2]);
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(0);
  });

  it('roles: without admin.roles, role ids are refused in the plan while names still compare', async () => {
    world = await fluteWorld({ keys: [{ key: 'sandbox-users-api-key', permissions: ['admin.users'] }] });
    world.emulator.state.add('uma', 'uma@x.example', 'Member-Pass-2026', [2]);
    await world.write({ 'u.yaml': userYaml('uma', 'email: uma@x.example, roles: [2]') }, '{ prune: true, adopt: true }');
    const refused = await world.plan();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/u\.yaml:4:\d+: \/spec\/roles: roles by id cannot be compared: the API key lacks admin\.roles/);
    await world.write({ 'u.yaml': userYaml('uma', 'email: uma@x.example, roles: [user]') }, '{ prune: true, adopt: true }');
    expect((await world.apply()).code).toBe(0);
    expect((await world.plan()).code).toBe(0);
  });

  it('rate: a fleet larger than the throttle slows down and converges; a plan reads two lists, not one detail per user', async () => {
    world = await fluteWorld({ rateLimit: { requests: 4, windowMs: 250 } });
    const fleet = Array.from({ length: 10 }, (_, i) => userYaml(`crew${i}`, `email: crew${i}@x.example, password: { env: USER_PASS }, roles: [user]`)).join('---\n');
    await world.write({ 'u.yaml': fleet });
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(world.emulator.state.users.size).toBe(15);
    expect(world.emulator.throttled()).toBeGreaterThan(0);
    const reads = world.emulator.counters.total((m) => m === 'GET');
    expect((await world.plan()).code).toBe(0);
    expect(world.emulator.counters.get('GET', '/api/users/:id(\\d+)')).toBe(0);
    expect(world.emulator.counters.total((m) => m === 'GET') - reads).toBeLessThanOrEqual(3);
  });

  it('rate: a plan reads at most 20 block details, whatever the number of blocked managed users', async () => {
    world = await fluteWorld({ rateLimit: false });
    world.emulator.seedUsers(250, { prefix: 'bulk' });
    await world.write({});
    expect((await importInto(world)).code).toBe(0);
    const details = world.emulator.counters.get('GET', '/api/users/:id(\\d+)');
    const plan = await world.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect([...world.emulator.state.users.values()].filter((u) => world.emulator.state.isBlocked(u)).length).toBe(27);
    expect(world.emulator.counters.get('GET', '/api/users/:id(\\d+)') - details).toBe(20);
    expect(plan.stdout).toContain('bulk9: blocked (reason: Seeded: spam reports) on the panel');
  });
});
