import { afterEach, describe, expect, it } from 'vitest';
import { startFleetWorld, type FleetWorld } from '../helpers/fleet-world.ts';
import type { ApiUser } from '../helpers/marzban-api.ts';
import { xuiGet, xuiInboundIds, xuiPost } from '../helpers/xui-fixture.ts';

type Listed = { email: string; uuid: string; password: string };

const FRANK = `apiVersion: panelops.io/v1
kind: Subscriber
metadata: { name: frank }
spec:
  dataLimit: 5GiB
  credentials: { from: eu-1 }
  placements:
    - { panel: eu-1, inbounds: { vless: ["VLESS TCP REALITY"] } }
    - { panel: fi-2, inbounds: [vless-reality] }
`;

describe('a subscriber that exists on a panel with other keys', () => {
  let w: FleetWorld | undefined;
  afterEach(async () => w?.close());

  it('is planned as "credentials differ" without values, blocked by a guard, and re-keyed only when the run allows it', async () => {
    w = await startFleetWorld();
    const source = await w.mz.send<ApiUser>('POST', '/api/user', { username: 'frank', proxies: { vless: {} }, inbounds: { vless: ['VLESS TCP REALITY'] }, data_limit: 5 * 2 ** 30 });
    const ids = await xuiInboundIds(w.xui.url);
    const other = '11111111-2222-4333-8444-555555555555';
    expect((await xuiPost(w.xui.url, '/clients/add', { client: { email: 'frank', id: other, totalGB: 5 * 2 ** 30 }, inboundIds: [ids['vless-reality']] })).success).toBe(true);
    // gus is new on fi-2: planned, but held back with the rest of the blocked panel.
    const gus = 'apiVersion: panelops.io/v1\nkind: Subscriber\nmetadata: { name: gus }\nspec:\n  credentials: { derive: { key: { env: FLEET_KEY } } }\n  placements: [{ panel: fi-2, inbounds: [vless-reality] }]\n';
    await w.write({ 'frank.yaml': FRANK, 'gus.yaml': gus }, { eu1: '{ prune: true, adopt: true }', fi2: '{ prune: true, adopt: true }' });

    const blocked = await w.plan();
    expect(blocked.code, blocked.stdout + blocked.stderr).toBe(3);
    expect(blocked.stdout).toContain('credentials differ');
    expect(blocked.stdout).toContain('blocked (credentials-differ)');
    expect(blocked.stdout).toContain('subscribers: 0 in sync, 0 pending, 2 refused');
    for (const key of [other, String(source.proxies.vless?.id)]) expect(blocked.stdout.includes(key)).toBe(false);
    // The source panel is not held back by the other panel's guard.
    expect(blocked.stdout).toMatch(/Panel eu-1[^\n]*\n {2}subscribers: 0 in sync, 1 pending, 0 refused/);

    const refused = await w.apply();
    expect(refused.code).toBe(3);
    const uuidOnXui = async () => (await xuiGet<Listed[]>(w!.xui.url, '/clients/list')).obj.find((c) => c.email === 'frank')?.uuid;
    expect(await uuidOnXui()).toBe(other);

    const allowed = await w.apply({ allowCredentialChanges: true });
    expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0);
    expect(await uuidOnXui()).toBe(source.proxies.vless?.id);
    expect((await w.mz.get<ApiUser>('/api/user/frank')).proxies.vless?.id).toBe(source.proxies.vless?.id);
    const after = await w.plan();
    expect(after.code, after.stdout + after.stderr).toBe(0);
  });
});

describe('keys compared where an ignore rule leaves a field as the panel has it', () => {
  let w: FleetWorld | undefined;
  afterEach(async () => w?.close());

  it('still sees keys changed on the panel behind a client disabled by hand', async () => {
    w = await startFleetWorld();
    await w.write({ 'frank.yaml': FRANK.replace('dataLimit: 5GiB', 'dataLimit: 5GiB\n  status: active') }, { fi2: '{ prune: true, ignore: [{ kind: Client, field: enable, when: [false] }] }' });
    expect((await w.apply()).code).toBe(0);
    const live = (await xuiGet<Array<Listed & Record<string, unknown>>>(w.xui.url, '/clients/list')).obj.find((c) => c.email === 'frank');
    // Support staff disable frank in the panel and, by mistake, give him a new UUID.
    const changed = await xuiPost(w.xui.url, '/clients/update/frank', { email: 'frank', id: '99999999-2222-4333-8444-555555555555', enable: false, totalGB: live?.totalGB, expiryTime: 0, flow: '', limitIp: 0, tgId: 0, group: '', comment: '', reset: 0 });
    expect(changed.success, changed.msg).toBe(true);
    const plan = await w.plan();
    expect(plan.code, plan.stdout).toBe(3);
    expect(plan.stdout).toContain('enable: left as the panel has it');
    expect(plan.stdout).toContain('credentials differ');
  });
});
