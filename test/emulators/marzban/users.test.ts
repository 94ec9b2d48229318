import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../controller/emulators/kit/clock.ts';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../../controller/emulators/marzban/index.ts';
import { call, login } from './raw.ts';

const GiB = 2 ** 30;

describe('Marzban emulator: users', () => {
  let emu: MarzbanEmulator;
  let t: string;
  const clock = new ManualClock(Date.UTC(2026, 5, 1));
  const now = () => Math.floor(clock.now() / 1000);
  beforeEach(async () => {
    // A MySQL panel: the case-insensitive lookups and 409s that §12 reads from the source (SQLite
    // panels keep case twins apart, §13-§15, and are the default).
    emu = await startMarzbanEmulator({ seed: 9, clock, caseSensitive: false });
    t = await login(emu);
  });
  afterEach(() => emu.close());
  const create = (body: object) => call(emu, 'POST', '/api/user', t, body);

  it('§12.3 envelopes: 200 on create, 409 text, 422 keyed by field', async () => {
    expect((await create({ username: 'alice', proxies: { vless: {} }, inbounds: {} })).status).toBe(200);
    expect((await create({ username: 'ALICE', proxies: { vless: {} }, inbounds: {} })).body).toEqual({ detail: 'User already exists' });
    expect((await create({ username: 'bob', proxies: {}, inbounds: {} })).body).toEqual({ detail: { proxies: 'Value error, Each user needs at least one proxy' } });
    expect((await create({ username: 'bob', proxies: { vless: { id: 'nope' } } })).body).toEqual({ detail: { id: 'value is not a valid uuid' } });
  });

  it('§12.4 username rule and case-insensitive lookup (case-sensitive on 0.4.2)', async () => {
    expect((await create({ username: 'ab-cd', proxies: { vless: {} }, inbounds: {} })).status).toBe(422);
    await create({ username: 'Carol', proxies: { vless: {} }, inbounds: {} });
    expect((await call(emu, 'GET', '/api/user/carol', t)).body.username).toBe('Carol');
    const old = await startMarzbanEmulator({ version: '0.4.2' });
    const ot = await login(old);
    await call(old, 'POST', '/api/user', ot, { username: 'Carol', proxies: { vmess: {} } });
    expect((await call(old, 'POST', '/api/user', ot, { username: 'carol', proxies: { vmess: {} } })).status).toBe(200);
    expect((await call(old, 'GET', '/api/user/CAROL', ot)).status).toBe(404);
    await old.close();
  });

  it('§12.5 zero limits read as null; null on PUT keeps', async () => {
    await create({ username: 'dave', proxies: { vless: {} }, inbounds: {}, data_limit: 0, expire: 0 });
    await call(emu, 'PUT', '/api/user/dave', t, { data_limit: 5 * GiB });
    const kept = await call(emu, 'PUT', '/api/user/dave', t, { data_limit: null, note: 'x' });
    expect(kept.body).toMatchObject({ data_limit: 5 * GiB, expire: null });
  });

  it('§12.6 PUT proxies: listed replaced with missing ids regenerated, unlisted deleted, {} keeps', async () => {
    const u = (await create({ username: 'erin', proxies: { vless: {}, trojan: {} }, inbounds: {} })).body;
    const kept = await call(emu, 'PUT', '/api/user/erin', t, { proxies: {} });
    expect(kept.body.proxies).toEqual(u.proxies);
    const rotated = await call(emu, 'PUT', '/api/user/erin', t, { proxies: { vless: {} } });
    expect(rotated.body.proxies.vless.id).not.toBe(u.proxies.vless.id);
    expect(rotated.body.proxies.trojan).toBeUndefined();
  });

  it('§12.7 / §12.8 inbounds: create defaults, PUT authoritative per protocol, new inbounds for all', async () => {
    expect((await create({ username: 'none1', proxies: { vless: {} } })).body.inbounds).toEqual({ vless: [] });
    expect((await create({ username: 'all1', proxies: { vless: {} }, inbounds: { vless: [] } })).body.inbounds).toEqual({ vless: ['VLESS TCP REALITY', 'VLESS GRPC REALITY'] });
    const put = await call(emu, 'PUT', '/api/user/all1', t, { inbounds: { vless: ['VLESS GRPC REALITY'] } });
    expect(put.body.inbounds).toEqual({ vless: ['VLESS GRPC REALITY'] });
    emu.addInbound('VLESS WS', 'vless');
    expect((await call(emu, 'GET', '/api/user/all1', t)).body.inbounds.vless).toEqual(['VLESS GRPC REALITY', 'VLESS WS']);
    expect((await create({ username: 'ghost', proxies: { vless: {} }, inbounds: { vless: ['nope'] } })).body).toEqual({ detail: { inbounds: "Value error, Inbound nope doesn't exist" } });
  });

  it('§12.9 status: on_hold validation, limited and expired computed, on_hold activation', async () => {
    expect((await create({ username: 'hold', proxies: { vless: {} }, inbounds: {}, status: 'on_hold' })).status).toBe(422);
    await create({ username: 'hold', proxies: { vless: {} }, inbounds: {}, status: 'on_hold', on_hold_expire_duration: 3600 });
    expect((await call(emu, 'PUT', '/api/user/hold', t, { status: 'limited' })).status).toBe(422);
    await create({ username: 'heavy', proxies: { vless: {} }, inbounds: {}, data_limit: GiB });
    emu.setUsedTraffic('heavy', 2 * GiB);
    emu.setOnline('hold', new Date(clock.now() + 1000));
    clock.advance(5000);
    emu.tick();
    expect((await call(emu, 'GET', '/api/user/heavy', t)).body.status).toBe('limited');
    const held = (await call(emu, 'GET', '/api/user/hold', t)).body;
    expect(held).toMatchObject({ status: 'active', expire: now() + 3600, on_hold_expire_duration: null });
    const past = await call(emu, 'PUT', '/api/user/heavy', t, { data_limit: 10 * GiB, expire: now() - 10 });
    expect(past.body.status).toBe('expired');
  });

  it('§12.10 PUT drops an omitted next_plan, turns "" notes into null, ignores auto_delete_in_days', async () => {
    await create({ username: 'plan', proxies: { vless: {} }, inbounds: {}, note: 'n', next_plan: { data_limit: GiB }, auto_delete_in_days: 5 });
    const put = await call(emu, 'PUT', '/api/user/plan', t, { note: '', auto_delete_in_days: 9 });
    expect(put.body).toMatchObject({ next_plan: null, note: null, auto_delete_in_days: 5 });
  });

  it('§12.11 reset reactivates all but expired and drops next_plan; revoke_sub rotates credentials', async () => {
    const u = (await create({ username: 'rst', proxies: { vless: {}, shadowsocks: {} }, inbounds: {}, next_plan: { data_limit: GiB } })).body;
    await call(emu, 'PUT', '/api/user/rst', t, { status: 'disabled', next_plan: { data_limit: GiB } });
    const reset = await call(emu, 'POST', '/api/user/rst/reset', t);
    expect(reset.body).toMatchObject({ status: 'active', next_plan: null, used_traffic: 0 });
    const revoked = (await call(emu, 'POST', '/api/user/rst/revoke_sub', t)).body;
    expect(revoked.proxies.vless.id).not.toBe(u.proxies.vless.id);
    expect(revoked.proxies.shadowsocks.method).toBe(u.proxies.shadowsocks.method);
    expect(emu.state.findUser('rst')?.credentialRotations).toBe(1);
  });

  it('§12.12 listing: total, exact repeatable username, search, status, sort, offset/limit', async () => {
    emu.seedUsers(30, { prefix: 'seed' });
    const all = await call(emu, 'GET', '/api/users', t);
    expect(all.body.total).toBe(30);
    expect(all.body.users).toHaveLength(30);
    const two = await call(emu, 'GET', '/api/users?username=seed1&username=SEED2', t);
    expect(two.body.users.map((u: { username: string }) => u.username)).toEqual(['seed1', 'seed2']);
    const page = await call(emu, 'GET', '/api/users?offset=10&limit=5', t);
    expect([page.body.total, page.body.users[0].username, page.body.users.length]).toEqual([30, 'seed11', 5]);
    expect((await call(emu, 'GET', '/api/users?sort=-username&limit=1', t)).body.users[0].username).toBe('seed9');
    expect((await call(emu, 'GET', '/api/users?sort=color', t)).body).toEqual({ detail: '"color" is not a valid sort option' });
    expect((await call(emu, 'GET', '/api/users?status=nope', t)).status).toBe(422);
    expect((await call(emu, 'GET', '/api/users?search=customer', t)).body.total).toBeGreaterThan(0);
  });

  it('§12.13 / §12.14 hosts and nodes', async () => {
    const hosts = (await call(emu, 'GET', '/api/hosts', t)).body;
    expect(Object.keys(hosts)).toHaveLength(6);
    expect((await call(emu, 'PUT', '/api/hosts', t, { 'VMess TCP': [], nope: [] })).body).toEqual({ detail: "Inbound nope doesn't exist" });
    const put = await call(emu, 'PUT', '/api/hosts', t, { 'VMess TCP': [{ remark: 'a {USERNAME}', address: 'x.example' }] });
    expect(put.body['VMess TCP']).toHaveLength(1);
    expect(put.body['Shadowsocks TCP']).toEqual(hosts['Shadowsocks TCP']);
    const node = (await call(emu, 'POST', '/api/node', t, { name: 'n1', address: '1.2.3.4', usage_coefficient: 3 })).body;
    expect(node).toMatchObject({ status: 'connecting', usage_coefficient: 1 });
    expect((await call(emu, 'GET', '/api/hosts', t)).body['Shadowsocks TCP']).toHaveLength(2);
    expect((await call(emu, 'POST', '/api/node', t, { name: 'N1', address: 'x' })).status).toBe(409);
    await call(emu, 'PUT', `/api/node/${node.id}`, t, { status: 'disabled' });
    expect((await call(emu, 'PUT', `/api/node/${node.id}`, t, { address: '5.6.7.8' })).body.status).toBe('connecting');
    expect((await call(emu, 'DELETE', `/api/node/${node.id}`, t)).body).toEqual({});
  });

  it('§5.4 a user created without proxies breaks reads until deleted', async () => {
    expect((await create({ username: 'broken', inbounds: {} })).status).toBe(500);
    expect((await call(emu, 'GET', '/api/users', t)).status).toBe(500);
    expect((await call(emu, 'DELETE', '/api/user/broken', t)).status).toBe(200);
    expect((await call(emu, 'GET', '/api/users', t)).status).toBe(200);
  });
});
