import { NODE_CA } from '../../helpers/pasarguard-api.ts';
import type { LaneContext } from '../adapter.ts';

export const GiB = 2 ** 30;
export const DAY = 86_400;
/** The seeded node's shared secret and admin's password: they must appear in no output or state (cycle.ts). */
export const NODE_KEY = '6c1d7e02-93b4-4f5a-8e21-0b9d4c3a7f66';
export const ADMIN_PASSWORD = 'Cycle-Admin-98!x';

type Json = Record<string, unknown>;

/**
 * A panel as an operator finds it, built through its own API (every name starts with the prefix):
 * two groups, a template, users in groups (one disabled, one on hold, one with a next plan, one
 * with a next plan from the template), a host, a node and an operator admin.
 */
export async function seedPasarGuard({ api, prefix: p }: Pick<LaneContext, 'api' | 'prefix'>): Promise<void> {
  const tag = (await api.ok<string[]>('GET', '/api/inbounds'))[0] ?? '';
  const g1 = await api.ok<{ id: number }>('POST', '/api/group', { name: `${p}g1`, inbound_tags: [tag] });
  const g2 = await api.ok<{ id: number }>('POST', '/api/group', { name: `${p}g2`, inbound_tags: [tag] });
  const tpl = await api.ok<{ id: number }>('POST', '/api/user_template', { name: `${p}tpl`, group_ids: [g1.id], data_limit: 30 * GiB, expire_duration: 30 * DAY, data_limit_reset_strategy: 'month' });
  const user = (name: string, body: Json) => api.ok<{ id: number }>('POST', '/api/user', { username: `${p}${name}`, ...body });
  await user('ann', { group_ids: [g1.id, g2.id], data_limit: 50 * GiB, expire: new Date(Date.now() + 30 * DAY * 1000).toISOString().replace(/\.\d+Z$/, 'Z'), note: 'Grüße 🚀' });
  await user('bob', { group_ids: [g1.id], proxy_settings: { shadowsocks: { method: 'aes-256-gcm' } } });
  const cara = await user('cara', { group_ids: [g1.id] });
  await api.ok('PUT', `/api/user/by-id/${cara.id}/disabled`, { disabled: true });
  await user('dan', { group_ids: [g2.id], status: 'on_hold', on_hold_expire_duration: 30 * DAY });
  await user('eve', { group_ids: [g1.id], data_limit: 10 * GiB, next_plan: { user_template_id: null, data_limit: 20 * GiB, expire: 7 * DAY, add_remaining_traffic: true } });
  await user('fay', { group_ids: [g2.id], next_plan: { user_template_id: tpl.id, data_limit: null, expire: null, add_remaining_traffic: false } });
  await api.ok('POST', '/api/host/', { remark: `${p}host`, priority: 3, inbound_tag: tag, address: ['eu.example', 'eu2.example'], sni: ['eu.example'], port: 443 });
  await api.ok('POST', '/api/node', { name: `${p}node`, address: '127.0.0.9', port: 62050, api_port: 62999, connection_type: 'grpc', keep_alive: 60, core_config_id: 1, server_ca: NODE_CA, api_key: NODE_KEY });
  await api.ok('POST', '/api/admin', { username: `${p}adm`, password: ADMIN_PASSWORD, role_id: 3 });
}
