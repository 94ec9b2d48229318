import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { marzbanApi, type ApiUser } from '../../helpers/marzban-api.ts';
import { marzbanWorld, type MarzbanWorld } from '../../helpers/marzban-fixture.ts';

const user = (name: string, spec: string) => `apiVersion: marzban.panelops.io/v1
kind: User
metadata: { name: ${name} }
spec:
${spec.replace(/^/gm, '  ')}
`;

describe('Marzban User through plan and apply', () => {
  let world: MarzbanWorld;
  beforeEach(async () => {
    world = await marzbanWorld();
  });
  afterEach(() => world.close());

  it('creates a user with explicit inbounds, then plans no changes', async () => {
    await world.write({ 'alice.yaml': user('alice', 'dataLimit: 50GiB\nexpire: 2030-01-31T00:00:00Z\nproxies: { vless: { flow: xtls-rprx-vision } }\ninbounds: { vless: ["VLESS TCP REALITY"] }\nnote: sales') });
    const applied = await world.apply();
    expect(applied.code, applied.stderr).toBe(0);
    const api = await marzbanApi(world.emulator.url);
    const alice = await api.get<ApiUser>('/api/user/alice');
    expect(alice).toMatchObject({ status: 'active', data_limit: 50 * 2 ** 30, expire: Date.parse('2030-01-31T00:00:00Z') / 1000, note: 'sales' });
    expect(alice.inbounds).toEqual({ vless: ['VLESS TCP REALITY'] });
    expect(alice.proxies.vless?.flow).toBe('xtls-rprx-vision');
    expect((await world.plan()).code).toBe(0);
  });

  it('updates limits without rotating credentials, resetting traffic or touching next_plan', async () => {
    await world.write({ 'bob.yaml': user('bob', 'dataLimit: 10GiB\nproxies: { vless: {}, shadowsocks: {} }\nnextPlan: { dataLimit: 5GiB }') });
    expect((await world.apply()).code).toBe(0);
    const api = await marzbanApi(world.emulator.url);
    const before = await api.get<ApiUser>('/api/user/bob');
    world.emulator.setUsedTraffic('bob', 3 * 2 ** 30);

    await world.write({ 'bob.yaml': user('bob', 'dataLimit: 20GiB\nnote: upgraded\nproxies: { vless: { flow: xtls-rprx-vision }, shadowsocks: {} }\nnextPlan: { dataLimit: 5GiB }') });
    const plan = await world.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('~ bob');
    expect(plan.stdout).toContain('dataLimit: 10GiB → 20GiB');
    expect((await world.apply()).code).toBe(0);

    const after = await api.get<ApiUser>('/api/user/bob');
    expect(after.proxies.vless?.id).toBe(before.proxies.vless?.id);
    expect(after.proxies.shadowsocks?.password).toBe(before.proxies.shadowsocks?.password);
    expect(after.proxies.vless?.flow).toBe('xtls-rprx-vision');
    expect(after.used_traffic).toBe(3 * 2 ** 30);
    expect(after.next_plan?.data_limit).toBe(5 * 2 ** 30);
    expect(after).toMatchObject({ data_limit: 20 * 2 ** 30, note: 'upgraded' });
    expect((await world.plan()).code).toBe(0);
  });

  it('keeps a user disabled on an unrelated change and disables or enables only when asked', async () => {
    await world.write({ 'carol.yaml': user('carol', 'status: disabled\nproxies: { vmess: {} }') });
    expect((await world.apply()).code).toBe(0);
    const api = await marzbanApi(world.emulator.url);
    expect((await api.get<ApiUser>('/api/user/carol')).status).toBe('disabled');

    await world.write({ 'carol.yaml': user('carol', 'note: still off\nproxies: { vmess: {} }') });
    expect((await world.apply()).code).toBe(0);
    expect((await api.get<ApiUser>('/api/user/carol')).status).toBe('disabled');

    await world.write({ 'carol.yaml': user('carol', 'status: active\nproxies: { vmess: {} }') });
    expect((await world.apply()).code).toBe(0);
    expect((await api.get<ApiUser>('/api/user/carol')).status).toBe('active');
  });

  it('creates on_hold users and sets the owner with set-owner', async () => {
    await world.write({
      'admins.yaml': `apiVersion: marzban.panelops.io/v1
kind: Admin
metadata: { name: reseller }
spec: { password: { env: MZ_PASS } }
`,
      'dan.yaml': user('dan', 'status: on_hold\nonHoldExpireDuration: 30d\nowner: reseller\nproxies: { trojan: {} }'),
    });
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const api = await marzbanApi(world.emulator.url);
    const dan = await api.get<ApiUser>('/api/user/dan');
    expect(dan).toMatchObject({ status: 'on_hold', on_hold_expire_duration: 30 * 86400 });
    expect(dan.admin?.username).toBe('reseller');
    expect((await world.plan()).code).toBe(0);
  });

  it('deletes a user it owns when its manifest is removed', async () => {
    await world.write({ 'a.yaml': user('erin', 'proxies: { vmess: {} }'), 'b.yaml': user('frank', 'proxies: { vmess: {} }') });
    expect((await world.apply()).code).toBe(0);
    await world.write({ 'a.yaml': user('erin', 'proxies: { vmess: {} }') });
    const plan = await world.plan();
    expect(plan.stdout).toContain('- frank');
    expect((await world.apply()).code).toBe(0);
    const api = await marzbanApi(world.emulator.url);
    expect(await api.status('/api/user/frank')).toBe(404);
    expect(await api.status('/api/user/erin')).toBe(200);
  });
});
