import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OWNER } from '../../../controller/emulators/pasarguard/index.ts';
import { NODE_CA, pasarGuardApi, pasarGuardToken } from '../../helpers/pasarguard-api.ts';
import { pasarGuardWorld, pgDoc, type PasarGuardWorld } from '../../helpers/pasarguard-fixture.ts';
import { writeFiles } from '../../helpers/temp-dir.ts';

const KEY = '0f6e1b1c-2d3e-4f50-8a61-7b8c9d0e1f23';

describe('PasarGuard Group, UserTemplate, Host, Node and Admin through plan and apply', () => {
  let world: PasarGuardWorld;
  afterEach(() => world.close());
  const api = () => pasarGuardApi(world.emulator.url, DEFAULT_OWNER.username, DEFAULT_OWNER.password);

  it('disables a group by sending it whole: its inbounds stay, so its members keep them once enabled again', async () => {
    world = await pasarGuardWorld();
    await world.write({ 'g.yaml': pgDoc('Group', 'vip', 'inbounds: ["Shadowsocks TCP"]') });
    expect((await world.apply()).code).toBe(0);
    await world.write({ 'g.yaml': pgDoc('Group', 'vip', 'inbounds: ["Shadowsocks TCP"]\ndisabled: true') });
    expect((await world.apply()).code).toBe(0);
    expect([...world.emulator.state.groups.values()][0]).toMatchObject({ inbound_tags: ['Shadowsocks TCP'], is_disabled: true });
    // A manifest naming an inbound the panel lacks is refused before anything is sent.
    await world.write({ 'g.yaml': pgDoc('Group', 'vip', 'inbounds: ["Nope"]') });
    const plan = await world.plan();
    expect(plan.stdout + plan.stderr).toContain('inbound "Nope" does not exist on the panel');
  });

  it('changes a template without resetting its reset strategy, and a host without detaching it from its inbound', async () => {
    world = await pasarGuardWorld();
    const group = pgDoc('Group', 'vip', 'inbounds: ["Shadowsocks TCP"]');
    const tpl = (limit: string) => pgDoc('UserTemplate', 'monthly', `groups: [vip]\ndataLimit: ${limit}\ndataLimitResetStrategy: month`);
    const host = (sni: string) => pgDoc('Host', 'eu', `inbound: Shadowsocks TCP\npriority: 1\naddress: [eu.example, eu2.example]\nsni: [${sni}]`);
    await world.write({ 'g.yaml': group, 't.yaml': tpl('10GiB'), 'h.yaml': host('a.example') });
    expect((await world.apply()).code).toBe(0);
    // Only the template's limit and the host's SNI are in the manifests now: the rest must survive the PUTs.
    await world.write({ 'g.yaml': group, 't.yaml': pgDoc('UserTemplate', 'monthly', 'groups: [vip]\ndataLimit: 20GiB'), 'h.yaml': pgDoc('Host', 'eu', 'inbound: Shadowsocks TCP\npriority: 1\nsni: [b.example]') });
    expect((await world.apply()).code).toBe(0);
    expect([...world.emulator.state.templates.values()][0]).toMatchObject({ data_limit: 20 * 2 ** 30, data_limit_reset_strategy: 'month' });
    const h = [...world.emulator.state.hosts.values()][0];
    expect(h).toMatchObject({ inbound_tag: 'Shadowsocks TCP', sni: ['b.example'] });
    expect([...(h?.address as string[])].sort()).toEqual(['eu.example', 'eu2.example']);
    expect((await world.plan()).code).toBe(0);
  });

  it('keeps a node\'s api_port and status on an edit, and never shows or stores its api_key', async () => {
    world = await pasarGuardWorld();
    const env = { ...world.env, NODE_KEY: KEY };
    Object.assign(world.env, env);
    await writeFiles(world.manifests, { 'ca.pem': NODE_CA });
    const node = (extra: string) => pgDoc('Node', 'edge', `address: edge.example\napiPort: 62999\napiKey: { env: NODE_KEY }\nserverCa: { file: ca.pem }\n${extra}`);
    await world.write({ 'n.yaml': node('disabled: true'), 'ca.pem': NODE_CA });
    const created = await world.apply();
    expect(created.code, created.stderr).toBe(0);
    await world.write({ 'n.yaml': node('disabled: true\nusageCoefficient: 2'), 'ca.pem': NODE_CA });
    const plan = await world.plan();
    const applied = await world.apply();
    expect(applied.code).toBe(0);
    expect([...world.emulator.state.nodes.values()][0]).toMatchObject({ api_port: 62999, status: 'disabled', usage_coefficient: 2, api_key: KEY });
    for (const text of [created.stdout, created.logs, plan.stdout, applied.stdout, applied.logs]) expect(text).not.toContain(KEY);
    // A saved plan that rotates the key says so without the key, and applies exactly.
    Object.assign(world.env, { NODE_KEY: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' });
    const planFile = join(world.stateDir, '..', 'rotate.json');
    const saved = await world.plan({ format: 'json', out: planFile });
    expect(saved.code).toBe(2);
    const text = await readFile(planFile, 'utf8');
    expect(text).toContain('"secret": true');
    for (const secret of [KEY, '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d']) expect(text + saved.stdout).not.toContain(secret);
    expect((await world.apply({ planFile })).code).toBe(0);
    expect([...world.emulator.state.nodes.values()][0]).toMatchObject({ api_key: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', api_port: 62999, status: 'disabled' });
    expect((await world.plan()).code).toBe(0);
  });

  it('never sends an unchanged admin password (its tokens survive), and notes what the owner cannot have changed', async () => {
    world = await pasarGuardWorld();
    Object.assign(world.env, { ADM_PASS: 'Reseller-Pass-42!' });
    const admin = (extra: string) => pgDoc('Admin', 'reseller', `role: operator\npassword: { env: ADM_PASS }${extra}`);
    await world.write({ 'a.yaml': admin('') });
    expect((await world.apply()).code).toBe(0);
    const token = (await pasarGuardToken(world.emulator.url, 'reseller', 'Reseller-Pass-42!')).token ?? '';
    await world.write({ 'a.yaml': admin('\nnote: east') + '---\n' + pgDoc('Admin', 'owner', 'role: administrator') }, '{ prune: true, adopt: true }');
    const plan = await world.plan();
    expect(plan.stdout).toContain('is the owner');
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const res = await (await api()).call('GET', '/api/admin', undefined, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'reseller', note: 'east' });
  });

  it('refuses a weak admin password when the manifests load', async () => {
    world = await pasarGuardWorld();
    Object.assign(world.env, { ADM_PASS: 'weak' });
    await world.write({ 'a.yaml': pgDoc('Admin', 'reseller', 'role: operator\npassword: { env: ADM_PASS }') });
    const plan = await world.plan();
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('the password needs at least 12 characters');
    expect(plan.stderr).not.toContain('weak');
  });

  it('refuses a panel older than v5 with the release it needs', async () => {
    world = await pasarGuardWorld({ version: '4.1.0' });
    await world.write({ 'g.yaml': pgDoc('Group', 'vip', 'inbounds: ["Shadowsocks TCP"]') });
    const plan = await world.plan();
    expect(plan.stdout + plan.stderr).toContain('PasarGuard 4.1.0 is not supported; panelops needs PasarGuard v5.0 or later');
    expect(world.emulator.counters.writes() - world.emulator.counters.get('POST', '/api/admin/token')).toBe(0);
  });
});

describe('PasarGuard login with an API key', () => {
  it('plans and applies with auth.apiKey alone, sent as X-Api-Key, with no login request', async () => {
    const world = await pasarGuardWorld();
    try {
      const owner = await pasarGuardApi(world.emulator.url, DEFAULT_OWNER.username, DEFAULT_OWNER.password);
      const key = (await owner.send<{ api_key: string }>('POST', '/api/api_key', { name: 'panelops' })).api_key;
      Object.assign(world.env, { PG_KEY: key });
      await world.write({ 'g.yaml': pgDoc('Group', 'vip', 'inbounds: ["Shadowsocks TCP"]') });
      await writeFiles(world.manifests, { 'panel.yaml': `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: pg }
spec:
  type: pasarguard
  url: { env: PG_URL }
  auth: { apiKey: { env: PG_KEY } }
  limits: { requestsPerSecond: 0 }
` });
      const logins = world.emulator.counters.get('POST', '/api/admin/token');
      const applied = await world.apply();
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect([...world.emulator.state.groups.values()].map((g) => g.name)).toEqual(['vip']);
      expect(world.emulator.counters.get('POST', '/api/admin/token')).toBe(logins);
      for (const text of [applied.stdout, applied.stderr, applied.logs]) expect(text).not.toContain(key);
    } finally {
      await world.close();
    }
  });
});
