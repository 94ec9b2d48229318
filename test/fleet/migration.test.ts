import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFleetWorld, type FleetWorld } from '../helpers/fleet-world.ts';
import type { ApiUser } from '../helpers/marzban-api.ts';
import { expectMigrated } from '../lane/fleet-migration-case.ts';
import { xuiGet, xuiInboundIds, xuiPost } from '../helpers/xui-fixture.ts';

const GiB = 2 ** 30;
const IN_A_YEAR = Math.floor(Date.parse('2027-06-30T12:34:56Z') / 1000);

/** Users of a Marzban panel in use, seeded through its own API. */
async function seed(w: FleetWorld): Promise<void> {
  const both = { proxies: { vless: { flow: 'xtls-rprx-vision' }, trojan: {} }, inbounds: { vless: ['VLESS TCP REALITY'], trojan: ['Trojan Websocket TLS'] } };
  const add = (user: Record<string, unknown>) => w.mz.send<ApiUser>('POST', '/api/user', { ...both, ...user });
  await add({ username: 'active1', data_limit: 50 * GiB, expire: IN_A_YEAR, note: 'paid until June' });
  await add({ username: 'unlimited1', data_limit: 0, expire: 0 });
  await add({ username: 'odd_bytes', data_limit: 123_456_789, expire: IN_A_YEAR + 7 });
  await add({ username: 'disabled1', data_limit: 5 * GiB });
  await w.mz.send('PUT', '/api/user/disabled1', { status: 'disabled' });
  await add({ username: 'onhold1', status: 'on_hold', on_hold_expire_duration: 30 * 86400, expire: 0, data_limit: 10 * GiB });
  await add({ username: 'limited1', data_limit: GiB });
  w.marzban.setUsedTraffic('limited1', 2 * GiB);
  w.marzban.tick();
}

describe('migration: a Marzban panel\'s users imported as subscribers and placed on a 3x-ui panel', () => {
  let w: FleetWorld | undefined;
  afterEach(async () => w?.close());

  it('keeps every key, limit, expiry and status, lists what does not carry over, and converges', async () => {
    w = await startFleetWorld();
    await seed(w);
    await w.write({});
    const before = new Map((await w.mz.get<{ users: ApiUser[] }>('/api/users')).users.map((u) => [u.username, u]));

    const imported = await w.import({ panel: 'eu-1', placeOn: ['fi-2=vless-reality,trojan-tls'] });
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const written = await readFile(join(w.manifests, 'eu-1-subscribers.yaml'), 'utf8');
    for (const u of before.values()) {
      for (const key of [String(u.proxies.vless?.id), String(u.proxies.trojan?.password)]) {
        for (const text of [written, imported.stdout, imported.stderr, imported.logs]) expect(text.includes(key)).toBe(false);
      }
    }

    const plan = await w.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    // Nothing changes on the old panel; every subscriber is created on the new one.
    expect(plan.stdout).toMatch(/Panel eu-1[^\n]*\n {2}subscribers: 6 in sync, 0 pending, 0 refused\n {2}no changes/);
    expect(plan.stdout).toContain('subscribers: 0 in sync, 6 pending, 0 refused');
    expect(plan.stdout).toContain('Client/limited1: carried over from panel eu-1: used traffic starts at 0 here');
    expect(plan.stdout).toContain("Client/active1: carried over from panel eu-1: the old panel's subscription link does not serve this panel");

    const applied = await w.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    await expectMigrated(before, w.xui.url);
    // The old panel is untouched: same keys, statuses, limits.
    const after = new Map((await w.mz.get<{ users: ApiUser[] }>('/api/users')).users.map((u) => [u.username, u]));
    for (const [name, u] of before) expect(after.get(name), name).toMatchObject({ proxies: u.proxies, status: u.status, data_limit: u.data_limit, expire: u.expire, used_traffic: u.used_traffic });

    const again = await w.plan();
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it('lists users it cannot describe as subscribers instead of writing them', async () => {
    w = await startFleetWorld();
    await w.mz.send('POST', '/api/user', { username: 'ss_aes', proxies: { shadowsocks: { method: 'aes-256-gcm' } }, inbounds: { shadowsocks: ['Shadowsocks TCP'] } });
    await w.mz.send('POST', '/api/user', { username: 'plain', proxies: { vless: {} }, inbounds: { vless: ['VLESS TCP REALITY'] } });
    await w.write({});
    const imported = await w.import({ panel: 'eu-1' });
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('User/ss_aes: not imported (placement: Shadowsocks method aes-256-gcm');
    expect(imported.stdout).toContain('Imported 1 subscriber(s), skipped 1');
    const plan = await w.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });
});

describe('migration the other way: 3x-ui clients imported as subscribers and placed on Marzban', () => {
  let w: FleetWorld | undefined;
  afterEach(async () => w?.close());

  it('keeps the UUID and the Trojan password, and converges', async () => {
    w = await startFleetWorld();
    const ids = await xuiInboundIds(w.xui.url);
    const add = (client: Record<string, unknown>) => xuiPost(w!.xui.url, '/clients/add', { client, inboundIds: [ids['vless-reality'], ids['trojan-tls']] });
    expect((await add({ email: 'nora', totalGB: 20 * GiB, expiryTime: Date.parse('2027-03-01T00:00:00Z'), comment: 'from 3x-ui' })).success).toBe(true);
    expect((await add({ email: 'omar', expiryTime: -14 * 86_400_000 })).success).toBe(true);
    await w.write({});
    const imported = await w.import({ panel: 'fi-2', placeOn: ['eu-1=vless:VLESS TCP REALITY,trojan:Trojan Websocket TLS'] });
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const applied = await w.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const clients = new Map((await xuiGet<Array<{ email: string; uuid: string; password: string }>>(w.xui.url, '/clients/list')).obj.map((c) => [c.email, c]));
    for (const name of ['nora', 'omar']) {
      const user = await w.mz.get<ApiUser>(`/api/user/${name}`);
      expect(user.proxies.vless?.id, name).toBe(clients.get(name)?.uuid);
      expect(user.proxies.trojan?.password, name).toBe(clients.get(name)?.password);
    }
    expect(await w.mz.get<ApiUser>('/api/user/nora')).toMatchObject({ data_limit: 20 * GiB, expire: Date.parse('2027-03-01T00:00:00Z') / 1000, note: 'from 3x-ui', status: 'active' });
    expect(await w.mz.get<ApiUser>('/api/user/omar')).toMatchObject({ status: 'on_hold', on_hold_expire_duration: 14 * 86_400 });
    const again = await w.plan();
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });
});
