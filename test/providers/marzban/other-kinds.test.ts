import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { marzbanApi } from '../../helpers/marzban-api.ts';
import { marzbanWorld, type MarzbanWorld } from '../../helpers/marzban-fixture.ts';

const doc = (kind: string, name: string, spec: string) => `apiVersion: marzban.panelops.io/v1
kind: ${kind}
metadata: { name: "${name}" }
spec:
${spec.replace(/^/gm, '  ')}
`;

interface ApiAdmin { username: string; is_sudo: boolean; telegram_id: number | null }
interface ApiTemplate { id: number; name: string; data_limit: number; expire_duration: number; inbounds: Record<string, string[]> }
interface ApiNode { id: number; name: string; address: string; usage_coefficient: number; status: string }
interface ApiHost { remark: string; address: string; sni: string | null }

describe('Marzban Admin, UserTemplate, Node and Hosts', () => {
  let world: MarzbanWorld;
  beforeEach(async () => {
    world = await marzbanWorld();
  });
  afterEach(() => world.close());

  it('admins: create, update without re-passwording, delete', async () => {
    const env = world.env as Record<string, string>;
    env.RESELLER_PASS = 'first-password';
    await world.write({ 'a.yaml': doc('Admin', 'reseller', 'password: { env: RESELLER_PASS }\ntelegramId: 42') });
    expect((await world.apply()).code).toBe(0);
    const api = await marzbanApi(world.emulator.url);
    expect((await api.get<ApiAdmin[]>('/api/admins')).find((a) => a.username === 'reseller')).toMatchObject({ is_sudo: false, telegram_id: 42 });
    const asReseller = await marzbanApi(world.emulator.url, 'reseller', 'first-password');

    await world.write({ 'a.yaml': doc('Admin', 'reseller', 'password: { env: RESELLER_PASS }\ntelegramId: 43') });
    expect((await world.apply()).code).toBe(0);
    // A password PUT would revoke the reseller's tokens (marzban.md §4): the old token still works.
    expect(await asReseller.status('/api/admin')).toBe(200);

    env.RESELLER_PASS = 'second-password';
    const plan = await world.plan();
    expect(plan.stdout).toContain('password: (secret changed)');
    expect(plan.stdout).not.toContain('second-password');
    expect((await world.apply()).code).toBe(0);
    await expect(marzbanApi(world.emulator.url, 'reseller', 'second-password')).resolves.toBeDefined();

    await world.write({});
    const blocked = await world.plan();
    expect(blocked.code).toBe(3);
    expect(blocked.stdout).toContain('empty-kind');
    expect((await world.apply({ allowDeletes: 1 })).code).toBe(0);
    expect((await api.get<ApiAdmin[]>('/api/admins')).some((a) => a.username === 'reseller')).toBe(false);
  });

  it('user templates: create, update, delete', async () => {
    await world.write({ 't.yaml': doc('UserTemplate', 'basic', 'dataLimit: 10GiB\nexpireDuration: 30d\ninbounds: { vless: ["VLESS TCP REALITY"] }') });
    expect((await world.apply()).code).toBe(0);
    const api = await marzbanApi(world.emulator.url);
    const [created] = await api.get<ApiTemplate[]>('/api/user_template');
    expect(created).toMatchObject({ name: 'basic', data_limit: 10 * 2 ** 30, expire_duration: 30 * 86400, inbounds: { vless: ['VLESS TCP REALITY'] } });

    await world.write({ 't.yaml': doc('UserTemplate', 'basic', 'dataLimit: 20GiB\nexpireDuration: 30d\ninbounds: { vless: ["VLESS TCP REALITY"] }') });
    expect((await world.apply()).code).toBe(0);
    expect((await api.get<ApiTemplate[]>('/api/user_template'))[0]).toMatchObject({ id: created?.id, data_limit: 20 * 2 ** 30 });
    expect((await world.plan()).code).toBe(0);

    await world.write({});
    expect((await world.apply({ allowDeletes: 1 })).code).toBe(0);
    expect(await api.get<ApiTemplate[]>('/api/user_template')).toEqual([]);
  });

  it('nodes: usage coefficient applied after create, a disabled node stays disabled, delete', async () => {
    await world.write({ 'n.yaml': doc('Node', 'de-1', 'address: 203.0.113.5\nusageCoefficient: 1.5\ndisabled: true') });
    expect((await world.apply()).code).toBe(0);
    const api = await marzbanApi(world.emulator.url);
    const hostsBefore = JSON.stringify(await api.get('/api/hosts'));
    expect((await api.get<ApiNode[]>('/api/nodes'))[0]).toMatchObject({ name: 'de-1', usage_coefficient: 1.5, status: 'disabled' });
    // add_as_new_host defaults to false here: no host was appended to every inbound.
    expect(JSON.stringify(await api.get('/api/hosts'))).toBe(hostsBefore);

    await world.write({ 'n.yaml': doc('Node', 'de-1', 'address: 203.0.113.6\nusageCoefficient: 1.5') });
    expect((await world.apply()).code).toBe(0);
    expect((await api.get<ApiNode[]>('/api/nodes'))[0]).toMatchObject({ address: '203.0.113.6', status: 'disabled' });
    expect((await world.plan()).code).toBe(0);

    await world.write({});
    expect((await world.apply({ allowDeletes: 1 })).code).toBe(0);
    expect(await api.get<ApiNode[]>('/api/nodes')).toEqual([]);
  });

  it('hosts: replaces one inbound\'s hosts and leaves the others untouched', async () => {
    const api = await marzbanApi(world.emulator.url);
    const before = await api.get<Record<string, ApiHost[]>>('/api/hosts');
    await world.write({ 'h.yaml': doc('Hosts', 'VLESS TCP REALITY', 'hosts:\n  - { remark: "DE {USERNAME}", address: de.example.net, sni: www.example.com }') });
    const applied = await world.apply();
    expect(applied.code, applied.stdout).toBe(0);
    const after = await api.get<Record<string, ApiHost[]>>('/api/hosts');
    expect(after['VLESS TCP REALITY']).toHaveLength(1);
    expect(after['VLESS TCP REALITY']?.[0]).toMatchObject({ remark: 'DE {USERNAME}', address: 'de.example.net', sni: 'www.example.com' });
    expect(after['VMess TCP']).toEqual(before['VMess TCP']);
    expect((await world.plan()).code).toBe(0);

    await world.write({ 'h.yaml': doc('Hosts', 'VLESS TCP REALITY', 'hosts: []') });
    expect((await world.apply()).code).toBe(0);
    expect((await api.get<Record<string, ApiHost[]>>('/api/hosts'))['VLESS TCP REALITY']).toEqual([]);

    // Removing the manifest releases the inbound's hosts as they are: it never empties them.
    await world.write({ 'h.yaml': doc('Hosts', 'VLESS TCP REALITY', 'hosts:\n  - { remark: "x", address: y.example.net }') });
    expect((await world.apply()).code).toBe(0);
    await world.write({});
    const released = await world.plan();
    expect(released.code).toBe(0);
    expect(released.stdout).toContain('no longer managed');
  });
});
