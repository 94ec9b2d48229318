import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { marzbanApi, type ApiUser } from '../helpers/marzban-api.ts';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';
import { startTamperingProxy, type TamperingProxy } from '../helpers/tampering-proxy.ts';
import { xuiGet, xuiWorld, type XuiWorld } from '../helpers/xui-fixture.ts';

const users = (items: string) => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  items:
${items}
`;
const SEED = users(['    - { name: alice, proxies: { vless: {}, trojan: {} } }', '    - { name: bob, proxies: { vmess: {} }, note: other }', '    - { name: carol, proxies: { vless: {} } }'].join('\n'));
const EDITED = users(['    - { name: alice, proxies: { vless: {}, trojan: {} }, note: edited }', '    - { name: bob, proxies: { vmess: {} }, note: other }', '    - { name: carol, proxies: { vless: {} }, dataLimit: 5GiB }'].join('\n'));

/**
 * A panel, or a cache in front of it, that answers a user's read with another user's object:
 * an update built from that answer would give the user the other one's proxies (new keys, or
 * keys shared by two subscribers). Every read a write is built from is checked first.
 */
describe('identity before every write: a read answered with another object', () => {
  let world: MarzbanWorld;
  let proxy: TamperingProxy;
  beforeEach(async () => {
    world = await marzbanWorld();
    proxy = await startTamperingProxy(world.emulator.url);
    world.env.MZ_URL = proxy.url;
    await world.write({ 'users.yaml': SEED });
    const seeded = await world.apply();
    expect(seeded.code, seeded.stdout + seeded.stderr).toBe(0);
  });
  afterEach(async () => {
    await proxy.close();
    await world.close();
  });

  it('Marzban: GET /api/user/alice and /carol answered with bob: no write for them, exit 1, nothing recorded, keys unchanged on the panel', async () => {
    const api = await marzbanApi(world.emulator.url);
    const before = Object.fromEntries(await Promise.all(['alice', 'bob', 'carol'].map(async (n) => [n, await api.get<ApiUser>(`/api/user/${n}`)] as const)));
    proxy.tamper = (req) => (req.method === 'GET' && /^\/api\/user\/(alice|carol)$/.test(req.path) ? { status: 200, body: JSON.stringify(before.bob) } : undefined);
    await world.write({ 'users.yaml': EDITED });
    const puts = () => world.emulator.counters.get('PUT', '/api/user/:username');
    const putsBefore = puts();

    const applied = await world.apply();
    expect(proxy.tampered).toBeGreaterThanOrEqual(2);
    expect(applied.code).toBe(1);
    const output = applied.stdout + applied.stderr;
    expect(output).toMatch(/User\/alice: the read before the write answered for another object \(key "bob" instead of "alice"\): nothing was sent for it/);
    expect(output).toMatch(/User\/carol: the read before the write answered for another object/);
    expect(output).not.toMatch(/2 succeeded/);
    expect(puts()).toBe(putsBefore);

    // Read back through the panel's own API, not panelops' view: no credential moved.
    for (const name of ['alice', 'bob', 'carol']) {
      const now = await api.get<ApiUser>(`/api/user/${name}`);
      expect(now.proxies, name).toEqual(before[name]?.proxies);
      expect(now.note, name).toBe(before[name]?.note);
    }
    // Nothing was recorded as done: with an honest panel again, the same changes are planned.
    proxy.tamper = undefined;
    const plan = await world.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('note: "" → "edited"');
    expect(plan.stdout).toContain('dataLimit: unlimited → 5GiB');
    expect((await world.apply()).code).toBe(0);
    const alice = await api.get<ApiUser>('/api/user/alice');
    expect(alice.proxies).toEqual(before.alice?.proxies);
    expect(alice.note).toBe('edited');
  });

  it('Marzban: an update whose answer is another user fails the operation and is not recorded as done', async () => {
    const api = await marzbanApi(world.emulator.url);
    const bob = await api.get<ApiUser>('/api/user/bob');
    proxy.tamper = (req) => (req.method === 'PUT' && req.path === '/api/user/alice' ? { status: 200, body: JSON.stringify(bob) } : undefined);
    await world.write({ 'users.yaml': EDITED.replace(/, dataLimit: 5GiB/, '') });
    const applied = await world.apply();
    expect(applied.code).toBe(1);
    expect(applied.stdout + applied.stderr).toMatch(/User\/alice: the panel answered the write with another object \(key "bob" instead of "alice"\): the write is not counted as done/);
    proxy.tamper = undefined;
    // The panel took the write, but panelops never counted it: the next plan checks it again
    // against the panel itself, which now matches (no change), instead of trusting the record.
    expect((await world.plan()).code).toBe(0);
  });

  it('Marzban: a create whose answer was lost is not verified by a read back that answers with another user', async () => {
    const api = await marzbanApi(world.emulator.url);
    const bob = await api.get<ApiUser>('/api/user/bob');
    // The create never reaches the panel and its answer is a 503; the read back that checks
    // whether it landed anyway answers with bob.
    proxy.intercept = (req) => (req.method === 'POST' && req.path === '/api/user' ? { status: 503, body: '{"detail":"unavailable"}' } : undefined);
    proxy.tamper = (req) => (req.method === 'GET' && req.path === '/api/user/dave' ? { status: 200, body: JSON.stringify(bob) } : undefined);
    await world.write({ 'users.yaml': SEED.replace("    - { name: carol, proxies: { vless: {} } }", "    - { name: carol, proxies: { vless: {} } }\n    - { name: dave, proxies: { vless: {} } }") });
    const applied = await world.apply();
    expect(proxy.tampered).toBeGreaterThan(0);
    expect(applied.code).toBe(1);
    expect(await api.status('/api/user/dave')).toBe(404);
    proxy.intercept = undefined;
    proxy.tamper = undefined;
    const plan = await world.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('+ dave');
  });
});

describe('identity before every write on 3x-ui (the same shared check)', () => {
  let world: XuiWorld;
  let proxy: TamperingProxy;
  beforeEach(async () => {
    world = await xuiWorld();
    proxy = await startTamperingProxy(world.emulator.url);
    world.env.XUI_URL = proxy.url;
  });
  afterEach(async () => {
    await proxy.close();
    await world.close();
  });

  it('GET clients/get/alice answered with bob: no update sent, exit 1, alice keeps her uuid', async () => {
    const clients = (comment: string) => `apiVersion: xui.panelops.io/v1
kind: ClientList
spec:
  defaults: { inbounds: [vless-reality, trojan-tls] }
  items: [{ name: alice@x.example, comment: ${comment} }, { name: bob@x.example }]
`;
    await world.write({ 'c.yaml': clients('first') });
    expect((await world.apply()).code).toBe(0);
    const read = async (email: string) => (await xuiGet<{ client: { id: number; uuid: string; password: string; comment: string } }>(world.emulator.url, `/clients/get/${email}`)).obj.client;
    const [alice, bob] = [await read('alice@x.example'), await read('bob@x.example')];
    const bobAnswer = JSON.stringify((await xuiGet(world.emulator.url, '/clients/get/bob@x.example')));
    proxy.tamper = (req) => (req.method === 'GET' && decodeURIComponent(req.path).endsWith('/clients/get/alice@x.example') ? { status: 200, body: bobAnswer } : undefined);
    const updates = () => world.emulator.counters.get('POST', '/panel/api/clients/update/:email');
    const before = updates();
    await world.write({ 'c.yaml': clients('second') });
    const applied = await world.apply();
    expect(proxy.tampered).toBeGreaterThan(0);
    expect(applied.code).toBe(1);
    expect(applied.stdout + applied.stderr).toMatch(/Client\/alice@x\.example: the read before the write answered for another object \(key "bob@x\.example" instead of "alice@x\.example", panel id \d+ instead of \d+\)/);
    expect(updates()).toBe(before);
    const now = await read('alice@x.example');
    expect(now).toMatchObject({ uuid: alice.uuid, password: alice.password, comment: 'first' });
    expect((await read('bob@x.example')).uuid).toBe(bob.uuid);
  });

  it('a release without bulkDisable: the read that switches a new client off answered with another: no update is sent, and bob is not switched off', async () => {
    await proxy.close();
    await world.close();
    world = await xuiWorld({ version: '3.4' });
    proxy = await startTamperingProxy(world.emulator.url);
    world.env.XUI_URL = proxy.url;
    await world.write({ 'c.yaml': 'apiVersion: xui.panelops.io/v1\nkind: Client\nmetadata: { name: bob@x.example }\nspec: { inbounds: [vless-reality] }\n' });
    expect((await world.apply()).code).toBe(0);
    const bobAnswer = JSON.stringify(await xuiGet(world.emulator.url, '/clients/get/bob@x.example'));
    proxy.tamper = (req) => (req.method === 'GET' && decodeURIComponent(req.path).endsWith('/clients/get/alice@x.example') ? { status: 200, body: bobAnswer } : undefined);
    const updates = () => world.emulator.counters.get('POST', '/panel/api/clients/update/:email');
    const before = updates();
    await world.write({ 'c.yaml': 'apiVersion: xui.panelops.io/v1\nkind: ClientList\nspec:\n  defaults: { inbounds: [vless-reality] }\n  items: [{ name: bob@x.example }, { name: alice@x.example, enable: false }]\n' });
    const applied = await world.apply();
    expect(proxy.tampered).toBeGreaterThan(0);
    expect(applied.code).toBe(1);
    expect(applied.stdout + applied.stderr).toMatch(/Client\/alice@x\.example: the read before the write answered for another object \(key "bob@x\.example" instead of "alice@x\.example"\)/);
    expect(updates()).toBe(before);
    expect((await xuiGet<{ client: { enable: boolean } }>(world.emulator.url, '/clients/get/bob@x.example')).obj.client.enable).toBe(true);
  });
});
