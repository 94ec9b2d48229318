import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { applyCommand } from '../../controller/cli/apply-command.ts';
import { importCommand } from '../../controller/cli/import-command.ts';
import { planCommand } from '../../controller/cli/plan-command.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { NODE_CA } from '../helpers/pasarguard-api.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { exitCodeOf } from '../helpers/world.ts';
import type { PasarGuardTarget } from './pasarguard-target.ts';

type Json = Record<string, unknown>;
type User = Json & { id: number; username: string; proxy_settings: Record<string, Json>; status: string; next_plan: Json | null; used_traffic: number };

const GiB = 2 ** 30;
const DAY = 86_400;
const NODE_KEY = '6c1d7e02-93b4-4f5a-8e21-0b9d4c3a7f66';
const ADMIN_PASSWORD = 'Cycle-Admin-98!x';

async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (typeof from === 'string' ? !text.includes(from) : !from.test(text)) throw new Error(`${file} has no ${String(from)}`);
  await writeFile(file, text.replace(from, to));
}

/** A panel as an operator finds it, built through its own API: every name starts with the target's prefix. */
async function seed(t: PasarGuardTarget): Promise<void> {
  const p = t.prefix;
  const tag = (await t.api.get<string[]>('/api/inbounds'))[0] ?? '';
  const g1 = await t.api.send<{ id: number }>('POST', '/api/group', { name: `${p}-g1`, inbound_tags: [tag] });
  const g2 = await t.api.send<{ id: number }>('POST', '/api/group', { name: `${p}-g2`, inbound_tags: [tag] });
  const tpl = await t.api.send<{ id: number }>('POST', '/api/user_template', { name: `${p}-tpl`, group_ids: [g1.id], data_limit: 30 * GiB, expire_duration: 30 * DAY, data_limit_reset_strategy: 'month' });
  const user = (name: string, body: Json) => t.api.send<User>('POST', '/api/user', { username: `${p}-${name}`, ...body });
  await user('ann', { group_ids: [g1.id, g2.id], data_limit: 50 * GiB, expire: new Date(Date.now() + 30 * DAY * 1000).toISOString(), note: 'Grüße 🚀' });
  await user('bob', { group_ids: [g1.id], proxy_settings: { shadowsocks: { method: 'aes-256-gcm' } } });
  const cara = await user('cara', { group_ids: [g1.id] });
  await t.api.send('PUT', `/api/user/by-id/${cara.id}/disabled`, { disabled: true });
  await user('dan', { group_ids: [g2.id], status: 'on_hold', on_hold_expire_duration: 30 * DAY });
  await user('eve', { group_ids: [g1.id], data_limit: 10 * GiB, next_plan: { user_template_id: null, data_limit: 20 * GiB, expire: 7 * DAY, add_remaining_traffic: true } });
  await user('fay', { group_ids: [g2.id], next_plan: { user_template_id: tpl.id, data_limit: null, expire: null, add_remaining_traffic: false } });
  await t.api.send('POST', '/api/host/', { remark: `${p}-host`, priority: 3, inbound_tag: tag, address: ['eu.example', 'eu2.example'], sni: ['eu.example'], port: 443 });
  await t.api.send('POST', '/api/node', { name: `${p}-node`, address: '127.0.0.9', port: 62050, api_port: 62999, connection_type: 'grpc', keep_alive: 60, core_config_id: 1, server_ca: NODE_CA, api_key: NODE_KEY });
  await t.api.send('POST', '/api/admin', { username: `${p}-adm`, password: ADMIN_PASSWORD, role_id: 3 });
}

/** What the panel holds under the prefix, read through its API (subscription URLs change every second, §5.6). */
async function snapshot(t: PasarGuardTarget) {
  const mine = <T extends Json>(list: T[], field: string) => list.filter((o) => String(o[field]).startsWith(`${t.prefix}-`));
  const users = mine((await t.api.get<{ users: User[] }>(`/api/users?search=${t.prefix}-`)).users, 'username').map(({ subscription_url: _s, ...u }) => u as User);
  return {
    users: new Map(users.map((u) => [u.username.slice(t.prefix.length + 1), u])),
    groups: new Map(mine((await t.api.get<{ groups: Json[] }>('/api/groups')).groups, 'name').map((g) => [String(g.name).slice(t.prefix.length + 1), g])),
    templates: mine(await t.api.get<Json[]>('/api/user_templates'), 'name'),
    hosts: mine(await t.api.get<Json[]>('/api/hosts'), 'remark'),
    nodes: mine((await t.api.get<{ nodes: Json[] }>('/api/nodes')).nodes, 'name'),
  };
}

/** Every file under `dir`, as one string (to look for a secret that must not be there). */
async function allText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')));
  return texts.join('\n');
}

/**
 * The operator cycle on one PasarGuard panel: seed through the API, import (narrowed to the
 * prefix), plan 0, an edit to every kind, apply, plan 0; then credentials, traffic and next
 * plans are as they were, what nobody edited is byte for byte the same, and the node's key
 * never reached a plan, a log or the state.
 */
export async function runPasarGuardCycle(t: PasarGuardTarget): Promise<void> {
  const p = t.prefix;
  await seed(t);
  const root = await tempDir('panelops-pg-cycle-');
  const manifests = join(root.path, 'manifests');
  const stateDir = join(root.path, 'state');
  const env = { PG_URL: t.url, PG_USER: t.auth.username ?? '', PG_PASS: t.auth.password ?? '', PG_ADM_PASS: ADMIN_PASSWORD };
  await writeFiles(manifests, {
    'panel.yaml': `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: pg }
spec:
  type: pasarguard
  url: { env: PG_URL }
  auth: { username: { env: PG_USER }, password: { env: PG_PASS } }
  limits: { concurrency: 4, requestsPerSecond: 0 }
  policy: { prune: true }
`,
  });
  const run = async (command: 'plan' | 'apply') => {
    const c = captureRuntime(env);
    const code = await exitCodeOf(c.rt, () => (command === 'plan' ? planCommand(c.rt, { dir: manifests, stateDir, format: 'text' }) : applyCommand(c.rt, { dir: manifests, stateDir, autoApprove: true })));
    return { code, out: c.stdout() + c.stderr(), logs: c.logs() };
  };
  try {
    const c = captureRuntime(env);
    const imported = await importCommand(c.rt, { dir: manifests, stateDir, panel: 'pg', kind: [], selector: [`*/${p}-*`], names: [], adopt: true });
    expect(imported, c.stderr()).toBe(0);
    const first = await run('plan');
    expect(first.code, first.out).toBe(0);

    const before = await snapshot(t);
    const adminToken = await fetch(`${t.url}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username: `${p}-adm`, password: ADMIN_PASSWORD }) }).then(async (r) => ((await r.json()) as { access_token: string }).access_token);

    const m = (kind: string) => join(manifests, `pg-${kind}.yaml`);
    await edit(m('users'), 'dataLimit: 50GiB', 'dataLimit: 60GiB');
    await edit(m('users'), 'method: aes-256-gcm', 'method: aes-128-gcm');
    await edit(m('users'), `    - name: ${p}-eve\n`, `    - name: ${p}-eve\n      note: renewed\n`);
    await edit(m('users'), new RegExp(` {4}- name: ${p}-fay\\n[\\s\\S]*?(?= {4}- name|$)`), '');
    await edit(m('groups'), new RegExp(`(name: ${p}-g2\\n[\\s\\S]*?disabled: )false`), '$1true');
    await edit(m('usertemplates'), 'dataLimit: 30GiB', 'dataLimit: 40GiB');
    await edit(m('hosts'), /(sni:\n {8}- eu\.example\n)/, '$1        - eu3.example\n');
    await edit(m('nodes'), 'usageCoefficient: 1', 'usageCoefficient: 2');
    await edit(m('admins'), `- name: ${p}-adm\n`, `- name: ${p}-adm\n      note: reseller\n      password: { env: PG_ADM_PASS }\n`);
    await writeFile(join(manifests, 'new.yaml'), `apiVersion: pasarguard.panelops.io/v1
kind: Group
metadata: { name: ${p}-g3 }
spec: { inbounds: [${JSON.stringify((await t.api.get<string[]>('/api/inbounds'))[0])}] }
---
apiVersion: pasarguard.panelops.io/v1
kind: User
metadata: { name: ${p}-gus }
spec: { groups: [${p}-g3, ${p}-g1], dataLimit: 5GiB, nextPlan: { dataLimit: 5GiB, expireDuration: 30d } }
`);

    const planned = await run('plan');
    expect(planned.code, planned.out).toBe(2);
    const applied = await run('apply');
    expect(applied.code, applied.out).toBe(0);
    const again = await run('plan');
    expect(again.code, again.out).toBe(0);

    const after = await snapshot(t);
    const u = (s: typeof before, name: string) => s.users.get(name) as User;
    // Credentials, traffic and next plans: as they were (bob's cipher is the one field asked for).
    for (const name of ['ann', 'bob', 'cara', 'dan', 'eve']) {
      const [b, a] = [u(before, name), u(after, name)];
      const expected = name === 'bob' ? { ...b.proxy_settings, shadowsocks: { ...b.proxy_settings.shadowsocks, method: 'aes-128-gcm' } } : b.proxy_settings;
      expect(a.proxy_settings, name).toEqual(expected);
      expect([a.used_traffic, a.next_plan, a.status], name).toEqual([b.used_traffic, b.next_plan, b.status]);
    }
    // Nobody edited cara and dan: not written at all.
    for (const name of ['cara', 'dan']) expect(u(after, name), name).toEqual(u(before, name));
    expect(u(after, 'ann').data_limit).toBe(60 * GiB);
    expect(u(after, 'eve').note).toBe('renewed');
    expect(after.users.has('fay')).toBe(false);
    expect(u(after, 'gus').next_plan).toEqual({ user_template_id: null, data_limit: 5 * GiB, expire: 30 * DAY, add_remaining_traffic: false });
    expect((u(after, 'gus').group_ids as number[]).length).toBe(2);
    expect(after.groups.get('g1')).toEqual(before.groups.get('g1') && { ...before.groups.get('g1'), total_users: (before.groups.get('g1')?.total_users as number) + 1 });
    expect(after.groups.get('g2')).toMatchObject({ inbound_tags: before.groups.get('g2')?.inbound_tags, is_disabled: true });
    expect(after.templates[0]).toEqual({ ...before.templates[0], data_limit: 40 * GiB });
    const [hostBefore, hostAfter] = [before.hosts[0] as Json, after.hosts[0] as Json];
    expect([...(hostAfter.sni as string[])].sort()).toEqual(['eu.example', 'eu3.example']);
    expect({ ...hostAfter, sni: [], alpn: [] }).toEqual({ ...hostBefore, sni: [], alpn: [] });
    expect(after.nodes[0]).toMatchObject({ api_port: 62999, api_key: NODE_KEY, usage_coefficient: 2 });
    // The admin's password went unsent: its token still works.
    expect((await fetch(`${t.url}/api/admin`, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(200);
    // The node's key and the admin's password are in no plan, log or state file.
    for (const text of [first.out, planned.out, applied.out, applied.logs, again.out, await allText(stateDir)]) {
      expect(text).not.toContain(NODE_KEY);
      expect(text).not.toContain(ADMIN_PASSWORD);
    }
  } finally {
    await root.cleanup();
  }
}
