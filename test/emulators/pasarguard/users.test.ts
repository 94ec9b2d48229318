import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../controller/emulators/kit/clock.ts';
import { startPasarGuardEmulator, type PasarGuardEmulator } from '../../../controller/emulators/pasarguard/index.ts';
import { NODE_CA } from '../../helpers/pasarguard-api.ts';
import { call, login } from './raw.ts';

const GiB = 2 ** 30;
const DAY = 86_400_000;

describe('PasarGuard emulator: users, lists, subscriptions, groups, templates, hosts, nodes (pasarguard.md §5-§10, §14)', () => {
  let emu: PasarGuardEmulator;
  let owner: string;
  let clock: ManualClock;
  let group: number;
  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 5, 1, 12, 0, 0, 250));
    emu = await startPasarGuardEmulator({ seed: 4, clock, unreachableNodes: ['dead.example'] });
    owner = await login(emu);
    group = (await call(emu, 'POST', '/api/group', owner, { name: 'vip', inbound_tags: ['Shadowsocks TCP'] })).body.id;
  });
  afterEach(() => emu.close());
  const put = (id: number, body: object) => call(emu, 'PUT', `/api/user/by-id/${id}`, owner, body);

  it('answers users with all six protocols, ISO dates and the panel\'s zero and empty rules', async () => {
    const made = await call(emu, 'POST', '/api/user', owner, { username: 'ann', group_ids: [group], expire: 1924992000, data_limit: '100', proxy_settings: { vless: { id: 'b7a7c3c2-1111-4222-8333-444455556666', flow: 'xtls-rprx-vision' } } });
    expect(made.status).toBe(201);
    expect(Object.keys(made.body.proxy_settings)).toEqual(['vmess', 'vless', 'trojan', 'shadowsocks', 'wireguard', 'hysteria']);
    expect(made.body.proxy_settings.vless).toEqual({ id: 'b7a7c3c2-1111-4222-8333-444455556666' });
    expect(made.body).toMatchObject({ expire: '2031-01-01T00:00:00Z', data_limit: 100, status: 'active', edit_at: null });
    expect(Object.keys(made.body)).toEqual(['proxy_settings', 'expire', 'data_limit', 'data_limit_reset_strategy', 'note', 'on_hold_expire_duration', 'on_hold_timeout', 'group_ids', 'auto_delete_in_days', 'hwid_limit', 'next_plan', 'id', 'username', 'status', 'used_traffic', 'lifetime_used_traffic', 'created_at', 'edit_at', 'online_at', 'subscription_url', 'admin']);
    expect((await call(emu, 'POST', '/api/user', owner, { username: 'x', data_limit: 1.5 })).status).toBe(422);
    expect((await call(emu, 'POST', '/api/user', owner, { username: 'xy', proxy_settings: { shadowsocks: { password: 'short' } } })).status).toBe(422);
    const edited = await put(made.body.id, { note: '', expire: 0, data_limit: 0, hwid_limit: 3, on_hold_timeout: '2031-01-01T00:00:00+03:30' });
    expect(edited.body).toMatchObject({ note: null, expire: null, data_limit: null, hwid_limit: 3, on_hold_timeout: '2030-12-31T20:30:00' });
    expect((await put(made.body.id, { hwid_limit: null })).body.hwid_limit).toBeNull();
    expect((await put(made.body.id, { auto_delete_in_days: 5 })).body.auto_delete_in_days).toBeNull();
  });

  it('applies a PUT in the panel\'s order: disabled untouched by expire and limit, expire before the limit', async () => {
    const u = (await call(emu, 'POST', '/api/user', owner, { username: 'bob', group_ids: [group], data_limit: GiB })).body;
    emu.setUsedTraffic('bob', 2 * GiB);
    await call(emu, 'PUT', `/api/user/by-id/${u.id}/disabled`, owner, { disabled: true });
    expect((await put(u.id, { expire: Math.floor((clock.now() - DAY) / 1000), data_limit: 3 * GiB })).body.status).toBe('disabled');
    // active over disabled is resolved: past expire first.
    expect((await put(u.id, { status: 'active' })).body.status).toBe('expired');
    // A future expire makes it active, then the limit step sees used < limit.
    expect((await put(u.id, { expire: Math.floor((clock.now() + DAY) / 1000) })).body.status).toBe('active');
    expect((await put(u.id, { data_limit: GiB })).body.status).toBe('limited');
    expect((await put(u.id, { status: 'active' })).body.status).toBe('active');
    emu.tick();
    expect((await call(emu, 'GET', `/api/user/by-id/${u.id}`, owner)).body.status).toBe('limited');
  });

  it('starts an on-hold user on its first connection, and fires a next plan instead of expiring', async () => {
    const held = (await call(emu, 'POST', '/api/user', owner, { username: 'dan', status: 'on_hold', on_hold_expire_duration: 86_400 })).body;
    expect(held).toMatchObject({ status: 'on_hold', expire: null });
    const planned = (await call(emu, 'POST', '/api/user', owner, { username: 'eve', data_limit: GiB, next_plan: { data_limit: 5 * GiB, expire: 3600, add_remaining_traffic: false } })).body;
    emu.setOnline('dan', new Date(clock.now() + 1000));
    emu.setUsedTraffic('eve', GiB);
    clock.advance(2000);
    emu.tick();
    const dan = (await call(emu, 'GET', `/api/user/by-id/${held.id}`, owner)).body;
    expect(dan.status).toBe('active');
    expect(Date.parse(dan.expire)).toBe(Math.floor((clock.now() + DAY) / 1000) * 1000);
    const eve = (await call(emu, 'GET', `/api/user/by-id/${planned.id}`, owner)).body;
    expect(eve).toMatchObject({ status: 'active', data_limit: 5 * GiB, used_traffic: 0, next_plan: null });
    expect((await call(emu, 'POST', `/api/user/by-id/${planned.id}/reset`, owner)).body.status).toBe('active');
  });

  it('lists with exact names, search, sort and no default limit; subscription URLs only with load_sub, new each second', async () => {
    for (const name of ['alice', 'Alice', 'ALICE', 'bob']) await call(emu, 'POST', '/api/user', owner, { username: name, note: name === 'bob' ? 'friend of alice' : null });
    const names = async (query: string) => (await call(emu, 'GET', `/api/users${query}`, owner)).body.users.map((u: { username: string }) => u.username);
    expect(await names('?username=Alice&username=ALICE')).toEqual(['Alice', 'ALICE']);
    expect(await names('?username=ali')).toEqual([]);
    expect(await names('?search=ALI')).toEqual(['alice', 'Alice', 'ALICE', 'bob']);
    expect(await names('?sort=-username&limit=0')).toEqual(['bob', 'alice', 'Alice', 'ALICE']);
    expect((await call(emu, 'GET', '/api/users?offset=1&limit=2', owner)).body).toMatchObject({ total: 4 });
    expect((await call(emu, 'GET', '/api/users?status=foo', owner)).status).toBe(422);
    const sub = async () => (await call(emu, 'GET', '/api/users?username=bob&load_sub=true', owner)).body.users[0].subscription_url as string;
    const first = await sub();
    expect(first).toMatch(/^\/sub\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await sub()).toBe(first);
    clock.advance(1000);
    expect(await sub()).not.toBe(first);
    const id = (await call(emu, 'GET', '/api/users?username=bob', owner)).body.users[0].id as number;
    const before = (await call(emu, 'GET', `/api/user/by-id/${id}`, owner)).body.proxy_settings;
    const revoked = (await call(emu, 'POST', `/api/user/by-id/${id}/revoke_sub`, owner)).body.proxy_settings;
    expect(revoked.vless.id).not.toBe(before.vless.id);
    expect(revoked.shadowsocks.method).toBe(before.shadowsocks.method);
  });

  it('drops a deleted group from its users and a deleted template\'s next plans; groups need known tags', async () => {
    const other = (await call(emu, 'POST', '/api/group', owner, { name: 'vip', inbound_tags: ['Shadowsocks TCP'] })).body.id;
    expect(other).not.toBe(group);
    expect((await call(emu, 'POST', '/api/group', owner, { name: 'bad', inbound_tags: ['Nope'] })).body).toEqual({ detail: 'Nope not found' });
    const tpl = (await call(emu, 'POST', '/api/user_template', owner, { name: 'm', group_ids: [group] })).body.id;
    const u = (await call(emu, 'POST', '/api/user', owner, { username: 'fay', group_ids: [group, other], next_plan: { user_template_id: tpl } })).body;
    expect((await call(emu, 'DELETE', `/api/group/${group}`, owner)).status).toBe(204);
    expect((await call(emu, 'DELETE', `/api/user_template/${tpl}`, owner)).status).toBe(204);
    expect((await call(emu, 'GET', `/api/user/by-id/${u.id}`, owner)).body).toMatchObject({ group_ids: [other], next_plan: null });
    expect((await call(emu, 'GET', '/api/user_templates', owner)).body).toEqual([]);
  });

  it('upserts hosts through PUT /api/hosts without deleting or checking tags, and keeps no order in a set', async () => {
    const h = (await call(emu, 'POST', '/api/host/', owner, { remark: 'a', priority: 1, inbound_tag: 'Shadowsocks TCP', address: ['x.example', 'y.example'], alpn: ['http/1.1', 'h3'] })).body;
    expect(h.address).toEqual(['y.example', 'x.example']);
    expect(h.alpn).toEqual(['h3', 'http/1.1']);
    const all = (await call(emu, 'PUT', '/api/hosts', owner, [{ id: h.id, remark: 'a2', priority: 2 }, { remark: 'b', priority: 3, inbound_tag: 'Nope' }])).body;
    expect(all.map((x: { remark: string; inbound_tag: string | null }) => [x.remark, x.inbound_tag])).toEqual([['a2', null], ['b', 'Nope']]);
    expect((await call(emu, 'POST', '/api/host/', owner, { remark: 'c' })).status).toBe(422);
  });

  it('connects nodes on the next tick (error for a dead address) and keeps names case-sensitive and unique', async () => {
    const node = (name: string, address: string) => call(emu, 'POST', '/api/node', owner, { name, address, connection_type: 'grpc', keep_alive: 60, core_config_id: 1, server_ca: NODE_CA, api_key: '0b5b0c7e-1111-4222-8333-444455556666' });
    const live = (await node('n1', 'ok.example')).body;
    const dead = (await node('N1', 'dead.example')).body;
    expect(live.status).toBe('connecting');
    expect((await node('n1', 'x')).status).toBe(409);
    expect((await call(emu, 'POST', '/api/node', owner, { name: 'n2', address: 'a', connection_type: 'grpc', keep_alive: 60, core_config_id: 1, server_ca: 'nope', api_key: 'not-a-uuid' })).status).toBe(422);
    emu.tick();
    const nodes = (await call(emu, 'GET', '/api/nodes', owner)).body.nodes;
    expect(nodes.map((n: { id: number; status: string }) => [n.id, n.status])).toEqual([[live.id, 'connected'], [dead.id, 'error']]);
  });
});
