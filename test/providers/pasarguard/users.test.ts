import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OWNER } from '../../../controller/emulators/pasarguard/index.ts';
import { pasarGuardApi, type PasarGuardApi } from '../../helpers/pasarguard-api.ts';
import { pasarGuardWorld, pgDoc, type PasarGuardWorld } from '../../helpers/pasarguard-fixture.ts';

const GiB = 2 ** 30;
type User = { id: number; proxy_settings: Record<string, Record<string, unknown>>; group_ids: number[]; next_plan: unknown; status: string; data_limit: number | null; note: string | null };

describe('PasarGuard User through plan and apply', () => {
  let world: PasarGuardWorld;
  let api: PasarGuardApi;
  const read = async (name: string) => (await api.get<{ users: User[] }>(`/api/users?username=${name}`)).users[0] as User;
  const group = (name: string) => pgDoc('Group', name, 'inbounds: ["Shadowsocks TCP"]');
  beforeEach(async () => {
    world = await pasarGuardWorld();
    api = await pasarGuardApi(world.emulator.url, DEFAULT_OWNER.username, DEFAULT_OWNER.password);
  });
  afterEach(() => world.close());

  it('creates a user in its groups, then updates it without sending credentials or groups, keeping its next plan', async () => {
    const spec = 'groups: [vip]\ndataLimit: 10GiB\nnextPlan: { dataLimit: 5GiB, expireDuration: 30d }';
    await world.write({ 'g.yaml': group('vip'), 'u.yaml': pgDoc('User', 'ann', spec) });
    expect((await world.apply()).code).toBe(0);
    const before = await read('ann');
    expect(before.group_ids.length).toBe(1);
    expect(before.next_plan).toEqual({ user_template_id: null, data_limit: 5 * GiB, expire: 30 * 86_400, add_remaining_traffic: false });

    await world.write({ 'g.yaml': group('vip'), 'u.yaml': pgDoc('User', 'ann', spec.replace('10GiB', '20GiB') + '\nnote: upgraded') });
    expect((await world.plan()).code).toBe(2);
    expect((await world.apply()).code).toBe(0);
    const after = await read('ann');
    expect(after.proxy_settings).toEqual(before.proxy_settings);
    expect(after.group_ids).toEqual(before.group_ids);
    expect(after.next_plan).toEqual(before.next_plan);
    expect(after).toMatchObject({ data_limit: 20 * GiB, note: 'upgraded' });
    expect(world.emulator.state.users.get('ann')?.credentialRotations).toBe(0);
    expect((await world.plan()).code).toBe(0);
  });

  it('changes the Shadowsocks method by sending the whole table back: no other credential moves', async () => {
    await world.write({ 'g.yaml': group('vip'), 'u.yaml': pgDoc('User', 'bob', 'groups: [vip]') });
    expect((await world.apply()).code).toBe(0);
    const before = await read('bob');
    await world.write({ 'g.yaml': group('vip'), 'u.yaml': pgDoc('User', 'bob', 'groups: [vip]\nproxies: { shadowsocks: { method: aes-256-gcm } }') });
    expect((await world.apply()).code).toBe(0);
    const after = await read('bob');
    expect(after.proxy_settings).toEqual({ ...before.proxy_settings, shadowsocks: { ...before.proxy_settings.shadowsocks, method: 'aes-256-gcm' } });
    expect(world.emulator.state.users.get('bob')?.credentialRotations).toBe(0);
  });

  it('sends group_ids [] only when the manifest says groups: [], and creates a user with no groups without it', async () => {
    await world.write({ 'g.yaml': group('vip'), 'u.yaml': pgDoc('User', 'cara', 'groups: [vip]') + '---\n' + pgDoc('User', 'dan', 'groups: []') });
    expect((await world.apply()).code).toBe(0);
    expect((await read('dan')).group_ids).toEqual([]);
    await world.write({ 'g.yaml': group('vip'), 'u.yaml': pgDoc('User', 'cara', 'groups: []') + '---\n' + pgDoc('User', 'dan', 'groups: []') });
    const plan = await world.plan();
    expect(plan.stdout).toContain('groups');
    expect((await world.apply()).code).toBe(0);
    expect((await read('cara')).group_ids).toEqual([]);
  });

  it('leaves limited and expired to the panel, and notes a next plan the panel has applied', async () => {
    await world.write({ 'g.yaml': group('vip'), 'u.yaml': pgDoc('User', 'eve', 'groups: [vip]\ndataLimit: 1GiB\nnextPlan: { dataLimit: 2GiB, expireDuration: 1d }') + '---\n' + pgDoc('User', 'fay', 'groups: [vip]\ndataLimit: 1GiB') });
    expect((await world.apply()).code).toBe(0);
    world.emulator.setUsedTraffic('eve', 2 * GiB);
    world.emulator.setUsedTraffic('fay', 2 * GiB);
    world.emulator.tick();
    expect((await read('fay')).status).toBe('limited');
    expect((await read('eve')).next_plan).toBeNull();
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(2);
    // eve's plan fired and raised its limit to 2GiB: the manifest's 1GiB is a change, the plan itself only a note.
    expect(plan.stdout).toContain('the next plan was applied by the panel');
    expect(plan.stdout).toContain('limited by the panel');
    expect(plan.stdout).not.toMatch(/fay[\s\S]*status/);
  });

  it('disables through the dedicated switch and enables by letting the panel resolve the status', async () => {
    await world.write({ 'g.yaml': group('vip'), 'u.yaml': pgDoc('User', 'gus', 'groups: [vip]\nstatus: disabled') });
    expect((await world.apply()).code).toBe(0);
    expect((await read('gus')).status).toBe('disabled');
    expect(world.emulator.counters.get('PUT', '/api/user/by-id/:id(\\d+)')).toBe(0);
    await world.write({ 'g.yaml': group('vip'), 'u.yaml': pgDoc('User', 'gus', 'groups: [vip]\nstatus: active') });
    expect((await world.apply()).code).toBe(0);
    expect((await read('gus')).status).toBe('active');
    expect((await world.plan()).code).toBe(0);
  });

  it('refuses a username the panel would refuse, at its manifest line, before any request', async () => {
    await world.write({ 'g.yaml': group('vip'), 'u.yaml': pgDoc('User', 'ok-name', 'groups: [vip]') + '---\n' + pgDoc('User', 'bad..name', 'groups: [vip]') });
    const requests = world.emulator.counters.total();
    const plan = await world.plan();
    expect(plan.code).toBe(1);
    // The second document's name is on line 9 of the file.
    expect(plan.stderr).toMatch(/u\.yaml:9:\d+: \/metadata\/name: .*never two of/);
    expect(world.emulator.counters.total()).toBe(requests);
  });
});

describe('PasarGuard User update against a panel that answers another user', () => {
  /** ann and bob applied, then ann's manifest edited by `annEdit` and her id made to answer as bob. */
  async function annAnsweredAsBob(world: PasarGuardWorld, annEdit: string) {
    const group = pgDoc('Group', 'vip', 'inbounds: ["Shadowsocks TCP"]');
    const users = (annSpec: string) => ({ 'g.yaml': group, 'u.yaml': pgDoc('User', 'ann', annSpec) + '---\n' + pgDoc('User', 'bob', 'groups: [vip]') });
    await world.write(users('groups: [vip]'));
    expect((await world.apply()).code).toBe(0);
    await world.write(users(`groups: [vip]\n${annEdit}`));
    const state = world.emulator.state;
    const [ann, bob] = [state.users.get('ann'), state.users.get('bob')];
    if (!ann || !bob) throw new Error('seeded users missing');
    // The panel's row for ann's id now answers as bob.
    state.usersById.set(ann.id, bob);
    return { ann, bob };
  }

  it('writes nothing when the fresh read by id is someone else (their credentials would be sent)', async () => {
    const world = await pasarGuardWorld();
    try {
      const { ann, bob } = await annAnsweredAsBob(world, 'proxies: { shadowsocks: { method: aes-128-gcm } }');
      const before = JSON.stringify([ann.proxy_settings, bob.proxy_settings]);
      const applied = await world.apply();
      expect(applied.code).toBe(1);
      expect(applied.stdout + applied.stderr).toContain('the read before the write answered for another object (key "bob" instead of "ann"');
      expect(JSON.stringify([ann.proxy_settings, bob.proxy_settings])).toBe(before);
    } finally {
      await world.close();
    }
  });

  it('moves no owner either: the read comes before the owner change', async () => {
    const world = await pasarGuardWorld();
    try {
      const { ann, bob } = await annAnsweredAsBob(world, `owner: ${DEFAULT_OWNER.username}`);
      // Both were created by the owner: made ownerless on the panel, ann's manifest moves her back.
      ann.admin_id = null;
      bob.admin_id = null;
      const owners = [ann.admin_id, bob.admin_id];
      const applied = await world.apply();
      expect(applied.code).toBe(1);
      expect(applied.stdout + applied.stderr).toContain('answered for another object (key "bob" instead of "ann"');
      expect([ann.admin_id, bob.admin_id]).toEqual(owners);
    } finally {
      await world.close();
    }
  });
});
