import { expect } from 'vitest';
import { NODE_CA, pasarGuardToken } from '../../helpers/pasarguard-api.ts';
import { rawCall, type LaneApi } from '../http.ts';

/** What a trap needs of a panel: its API as the owner, its URL, a name prefix, and a way to let its 30-second jobs run. */
export interface TrapContext {
  api: LaneApi;
  url: string;
  prefix: string;
  /** Resolves once `until` holds after the panel's jobs ran (a tick on the emulator, a wait on a real panel). */
  waitForJobs(until: () => Promise<boolean>): Promise<void>;
}

type Json = Record<string, unknown>;
type User = Json & { id: number; proxy_settings: Record<string, Json>; group_ids: number[]; next_plan: Json | null; status: string };

/** One trap of pasarguard.md, run the same way against the emulator and a real panel. */
export interface PasarGuardTrap {
  name: string;
  run(t: TrapContext): Promise<void>;
}

const DAY = 86_400;
const firstInbound = async (t: TrapContext) => ((await t.api.ok<string[]>('GET', '/api/inbounds'))[0] ?? '');
const group = async (t: TrapContext, name: string, extra: Json = {}) =>
  t.api.ok<Json & { id: number }>('POST', '/api/group', { name: `${t.prefix}-${name}`, inbound_tags: [await firstInbound(t)], ...extra });
const user = (t: TrapContext, name: string, body: Json) => t.api.ok<User>('POST', '/api/user', { username: `${t.prefix}-${name}`, ...body });

export const PASARGUARD_TRAPS: readonly PasarGuardTrap[] = [
  {
    name: 'a partial proxy_settings regenerates every part it leaves out and resets the Shadowsocks method; {} regenerates all',
    async run(t) {
      const g = await group(t, 'px');
      const u = await user(t, 'px', { group_ids: [g.id], proxy_settings: { shadowsocks: { method: 'aes-128-gcm' } } });
      const vless = u.proxy_settings.vless as Json;
      const after = await t.api.ok<User>('PUT', `/api/user/by-id/${u.id}`, { proxy_settings: { vless: { id: vless.id } } });
      expect(after.proxy_settings.vless).toEqual(vless);
      for (const p of ['vmess', 'trojan', 'hysteria']) expect(after.proxy_settings[p], p).not.toEqual(u.proxy_settings[p]);
      expect(after.proxy_settings.shadowsocks?.password).not.toBe(u.proxy_settings.shadowsocks?.password);
      expect(after.proxy_settings.shadowsocks?.method).toBe('chacha20-ietf-poly1305');
      const all = await t.api.ok<User>('PUT', `/api/user/by-id/${u.id}`, { proxy_settings: {} });
      for (const p of ['vmess', 'vless', 'trojan', 'hysteria']) expect(all.proxy_settings[p], p).not.toEqual(after.proxy_settings[p]);
      // The whole table as read, one field changed, changes only that field.
      const whole = { ...all.proxy_settings, shadowsocks: { ...all.proxy_settings.shadowsocks, method: 'aes-256-gcm' } };
      const kept = await t.api.ok<User>('PUT', `/api/user/by-id/${u.id}`, { proxy_settings: whole });
      expect(kept.proxy_settings).toEqual(whole);
    },
  },
  {
    name: 'group_ids [] on update removes every group; on create it is refused, and an omitted one gives no groups',
    async run(t) {
      const g = await group(t, 'gi');
      const u = await user(t, 'gi', { group_ids: [g.id] });
      expect(u.group_ids).toEqual([g.id]);
      const kept = await t.api.ok<User>('PUT', `/api/user/by-id/${u.id}`, { note: 'kept' });
      expect(kept.group_ids).toEqual([g.id]);
      const emptied = await t.api.ok<User>('PUT', `/api/user/by-id/${u.id}`, { group_ids: [] });
      expect(emptied.group_ids).toEqual([]);
      const refused = await t.api.call('POST', '/api/user', { username: `${t.prefix}-gi2`, group_ids: [] });
      expect(refused.status).toBe(422);
      const bare = await user(t, 'gi3', {});
      expect(bare.group_ids).toEqual([]);
    },
  },
  {
    name: 'an update that leaves next_plan out deletes it; its expire counts seconds from when it fires',
    async run(t) {
      const g = await group(t, 'np');
      const plan = { user_template_id: null, data_limit: 5 * 2 ** 30, expire: DAY, add_remaining_traffic: false };
      const u = await user(t, 'np', { group_ids: [g.id], next_plan: plan });
      expect(u.next_plan).toEqual(plan);
      const echoed = await t.api.ok<User>('PUT', `/api/user/by-id/${u.id}`, { note: 'a', next_plan: u.next_plan });
      expect(echoed.next_plan).toEqual(plan);
      const dropped = await t.api.ok<User>('PUT', `/api/user/by-id/${u.id}`, { note: 'b' });
      expect(dropped.next_plan).toBeNull();
      const again = await t.api.ok<User>('PUT', `/api/user/by-id/${u.id}`, { next_plan: plan });
      const fired = await t.api.ok<User & { expire: string; data_limit: number }>('POST', `/api/user/by-id/${again.id}/active_next`);
      const inSeconds = (Date.parse(fired.expire) - Date.now()) / 1000;
      expect(Math.abs(inSeconds - DAY)).toBeLessThan(120);
      expect(fired.data_limit).toBe(plan.data_limit);
      expect(fired.next_plan).toBeNull();
      expect((await t.api.call('POST', `/api/user/by-id/${u.id}/active_next`)).status).toBe(404);
    },
  },
  {
    name: 'a group PUT replaces the group: omitted inbound_tags empties it, omitted is_disabled re-enables it',
    async run(t) {
      const g = await group(t, 'gp', { is_disabled: true });
      const replaced = await t.api.ok<Json>('PUT', `/api/group/${g.id}`, { name: g.name });
      expect(replaced.inbound_tags).toEqual([]);
      expect(replaced.is_disabled).toBe(false);
      expect((await t.api.call('PUT', `/api/group/${g.id}`, { inbound_tags: g.inbound_tags })).status).toBe(422);
    },
  },
  {
    name: 'a host PUT replaces the host: omitted address and sni are emptied and the host leaves its inbound',
    async run(t) {
      const tag = await firstInbound(t);
      const h = await t.api.ok<Json & { id: number }>('POST', '/api/host/', { remark: `${t.prefix}-host`, priority: 5, inbound_tag: tag, address: ['a.example', 'b.example'], sni: ['s.example'] });
      expect([...(h.address as string[])].sort()).toEqual(['a.example', 'b.example']);
      const replaced = await t.api.ok<Json>('PUT', `/api/host/${h.id}`, { remark: h.remark, priority: 5 });
      expect(replaced.address).toEqual([]);
      expect(replaced.sni).toEqual([]);
      expect(replaced.inbound_tag).toBeNull();
      expect((await t.api.call('POST', '/api/host/', { remark: `${t.prefix}-h2`, priority: 1, inbound_tag: 'no-such-inbound' })).status).toBe(400);
      await t.api.ok('DELETE', `/api/host/${h.id}`);
    },
  },
  {
    name: 'a template PUT without data_limit_reset_strategy resets it to no_reset; a template needs a unique name and groups',
    async run(t) {
      const g = await group(t, 'tp');
      const tpl = await t.api.ok<Json & { id: number }>('POST', '/api/user_template', { name: `${t.prefix}-tpl`, group_ids: [g.id], data_limit_reset_strategy: 'month', data_limit: 2 ** 30 });
      expect(tpl.data_limit_reset_strategy).toBe('month');
      const replaced = await t.api.ok<Json>('PUT', `/api/user_template/${tpl.id}`, { name: tpl.name });
      expect(replaced.data_limit_reset_strategy).toBe('no_reset');
      expect(replaced.data_limit).toBe(2 ** 30);
      expect((await t.api.call('POST', '/api/user_template', { name: tpl.name, group_ids: [g.id] })).status).toBe(409);
      expect((await t.api.call('POST', '/api/user_template', { name: `${t.prefix}-tpl2` })).status).toBe(422);
      expect((await t.api.call('DELETE', `/api/user_template/${tpl.id}`)).status).toBe(204);
    },
  },
  {
    name: 'statuses are the panel\'s: a past expire turns expired by the job, active written over it is set back, active over disabled is resolved',
    async run(t) {
      const g = await group(t, 'st');
      const past = new Date(Date.now() - DAY * 1000).toISOString();
      const u = await user(t, 'st', { group_ids: [g.id], expire: past });
      expect(u.status).toBe('active');
      const read = async () => t.api.ok<User>('GET', `/api/user/by-id/${u.id}`);
      await t.waitForJobs(async () => (await read()).status === 'expired').catch((e: Error) => Promise.reject(new Error(`created with a past expire: ${e.message}`)));
      const forced = await t.api.ok<User>('PUT', `/api/user/by-id/${u.id}`, { status: 'active' });
      expect(forced.status).toBe('active');
      await t.waitForJobs(async () => (await read()).status === 'expired').catch((e: Error) => Promise.reject(new Error(`active written over expired: ${e.message}`)));
      await t.api.ok('PUT', `/api/user/by-id/${u.id}/disabled`, { disabled: true });
      const resolved = await t.api.ok<User>('PUT', `/api/user/by-id/${u.id}`, { status: 'active' });
      expect(resolved.status).toBe('expired');
      const refused = await t.api.call('PUT', `/api/user/by-id/${u.id}`, { status: 'limited' });
      expect(refused.status).toBe(422);
      const held = await t.api.call('PUT', `/api/user/by-id/${u.id}`, { status: 'on_hold' });
      expect(held.status).toBe(422);
    },
  },
  {
    name: 'an admin PUT carrying a password, even the same one, revokes that admin\'s tokens',
    async run(t) {
      const password = 'Lane-Pass-1234!';
      const name = `${t.prefix}-adm`;
      const created = await t.api.ok<Json & { id: number }>('POST', '/api/admin', { username: name, password, role_id: 3 });
      const login = await pasarGuardToken(t.url, name, password);
      const asAdmin = () => rawCall(`${t.url}/api/admin`, { method: 'GET', headers: { authorization: `Bearer ${login.token ?? ''}` } });
      expect((await asAdmin()).status).toBe(200);
      await t.api.ok('PUT', `/api/admin/by-id/${created.id}`, { note: 'no password' });
      expect((await asAdmin()).status).toBe(200);
      await t.api.ok('PUT', `/api/admin/by-id/${created.id}`, { password });
      const after = await asAdmin();
      expect(after.status).toBe(401);
      expect(after.body).toEqual({ detail: 'Could not validate credentials' });
      const weak = await t.api.call('POST', '/api/admin', { username: `${name}2`, password: 'short', role_id: 3 });
      expect(weak.status).toBe(422);
      expect((await t.api.call('POST', '/api/admin', { username: `${name}3`, password, role_id: 1 })).status).toBe(403);
      expect((await t.api.call('DELETE', `/api/admin/by-id/${created.id}`)).status).toBe(204);
    },
  },
  {
    name: 'a node answers its api_key in clear, connects (error for a dead address); a PUT without api_port resets it to 62051; a disabled node stays disabled',
    async run(t) {
      const apiKey = '3f1e2d4c-5b6a-4789-8abc-def012345678';
      const body = { name: `${t.prefix}-node`, address: '127.0.0.9', port: 62050, api_port: 62999, connection_type: 'grpc', keep_alive: 60, core_config_id: 1, server_ca: NODE_CA, api_key: apiKey };
      const n = await t.api.ok<Json & { id: number }>('POST', '/api/node', body);
      expect(n.api_key).toBe(apiKey);
      expect(n.status).toBe('connecting');
      // Nothing answers at that address: the panel's connect attempt ends in error, with the reason.
      const read = async () => (await t.api.ok<{ nodes: Json[] }>('GET', '/api/nodes')).nodes.find((x) => x.id === n.id);
      await t.waitForJobs(async () => (await read())?.status === 'error');
      expect(String((await read())?.message)).toContain('Connection refused');
      const disabled = await t.api.ok<Json>('PUT', `/api/node/${n.id}`, { status: 'disabled', api_port: 62999 });
      expect(disabled.status).toBe('disabled');
      const kept = await t.api.ok<Json>('PUT', `/api/node/${n.id}`, { usage_coefficient: 2, api_port: 62999 });
      expect(kept.status).toBe('disabled');
      expect(kept.api_port).toBe(62999);
      const reset = await t.api.ok<Json>('PUT', `/api/node/${n.id}`, { usage_coefficient: 3 });
      expect(reset.api_port).toBe(62051);
      expect((await t.api.call('POST', '/api/node', body)).status).toBe(409);
      expect((await t.api.call('DELETE', `/api/node/${n.id}`)).status).toBe(204);
    },
  },
  {
    name: 'usernames: 3-128 characters, no two specials in a row, case-sensitive and exact in ?username=',
    async run(t) {
      const p = t.prefix;
      for (const bad of [`${p}..x`, `${p}_-x`, 'ab', `${p}!x`]) expect((await t.api.call('POST', '/api/user', { username: bad })).status, bad).toBe(422);
      const lower = await user(t, 'case', {});
      const upper = await t.api.ok<User>('POST', '/api/user', { username: `${p}-CASE` });
      expect(upper.id).not.toBe(lower.id);
      const found = await t.api.ok<{ users: User[]; total: number }>('GET', `/api/users?username=${p}-CASE`);
      expect(found.users.map((u) => u.username)).toEqual([`${p}-CASE`]);
      expect((await t.api.call('POST', '/api/user', { username: `${p}-case` })).status).toBe(409);
      const listed = await t.api.ok<{ users: User[] }>('GET', `/api/users?username=${p}-case&username=${p}-CASE`);
      expect(listed.users.every((u) => u.subscription_url === '')).toBe(true);
      expect((await t.api.call('GET', '/api/users?sort=nope')).status).toBe(400);
      expect((await t.api.call('DELETE', `/api/user/by-id/${upper.id}`)).status).toBe(204);
    },
  },
];
