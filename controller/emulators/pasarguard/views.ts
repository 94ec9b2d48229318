import { createHmac } from 'node:crypto';
import type { PasarGuardState } from './state.ts';
import type { EmuAdmin, EmuNode, EmuTemplate, EmuUser } from './types.ts';

/** `…Z` with whole seconds (expire), or with microseconds (created_at, edit_at), as observed (§1). */
const isoZ = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'));
const isoMicro = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'));
/** on_hold_timeout comes back without an offset (§1). */
const isoNaive = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, ''));

/** The subscription token (v5.1+, §5.6): `v3,<id>,<seconds rounded up>` and a signature; it changes every second. */
export function subscriptionPath(state: PasarGuardState, user: EmuUser): string {
  const payload = Buffer.from(`v3,${user.id},${Math.ceil(state.now() / 1000)}`).toString('base64url');
  return `/sub/${payload}.${createHmac('sha256', state.secret).update(payload).digest('base64url')}`;
}

/** A UserResponse in the panel's key order (§5.1). */
export function userResponse(state: PasarGuardState, u: EmuUser, withSub = true): Record<string, unknown> {
  const admin = u.admin_id !== null ? state.admins.get(u.admin_id) : undefined;
  return {
    proxy_settings: u.proxy_settings,
    expire: isoZ(u.expire !== null ? Math.floor(u.expire / 1000) * 1000 : null),
    data_limit: u.data_limit,
    data_limit_reset_strategy: u.data_limit_reset_strategy,
    note: u.note,
    on_hold_expire_duration: u.on_hold_expire_duration,
    on_hold_timeout: isoNaive(u.on_hold_timeout),
    group_ids: u.group_ids,
    auto_delete_in_days: u.auto_delete_in_days,
    hwid_limit: u.hwid_limit,
    next_plan: u.next_plan,
    id: u.id,
    username: u.username,
    status: u.status,
    used_traffic: u.used_traffic,
    lifetime_used_traffic: u.lifetime_used_traffic,
    created_at: isoMicro(u.created_at),
    edit_at: isoMicro(u.edit_at),
    online_at: isoMicro(u.online_at),
    subscription_url: withSub ? subscriptionPath(state, u) : '',
    admin: admin ? { id: admin.id, username: admin.username } : null,
  };
}

export function adminResponse(state: PasarGuardState, a: EmuAdmin): Record<string, unknown> {
  const role = state.roles.get(a.role_id);
  const users = [...state.users.values()].filter((u) => u.admin_id === a.id);
  const limited = a.data_limit !== null && a.used_traffic >= a.data_limit;
  return {
    id: a.id, username: a.username, telegram_id: a.telegram_id, discord_webhook: a.discord_webhook, sub_domain: a.sub_domain,
    profile_title: a.profile_title, support_url: a.support_url, custom_variables: [], notification_enable: null, total_users: users.length,
    used_traffic: a.used_traffic, data_limit: a.data_limit, status: a.status === 'disabled' ? 'disabled' : limited ? 'limited' : 'active',
    sub_template: null, lifetime_used_traffic: a.used_traffic, note: a.note,
    role: role ? { id: role.id, name: role.name, is_owner: role.is_owner, permissions: role.permissions } : null,
    permission_overrides: null, is_disabled: a.status === 'disabled', is_limited: limited,
  };
}

export const templateResponse = (t: EmuTemplate): Record<string, unknown> => ({
  name: t.name, data_limit: t.data_limit, hwid_limit: t.hwid_limit, expire_duration: t.expire_duration, username_prefix: t.username_prefix,
  username_suffix: t.username_suffix, group_ids: t.group_ids, extra_settings: t.extra_settings, status: t.status, reset_usages: t.reset_usages,
  on_hold_timeout: t.on_hold_timeout, data_limit_reset_strategy: t.data_limit_reset_strategy, is_disabled: t.is_disabled, id: t.id,
});

/** A node answer: the api_key in clear, as the panel sends it (§10). */
export const nodeResponse = (n: EmuNode): Record<string, unknown> => ({
  name: n.name, address: n.address, port: n.port, api_port: n.api_port, usage_coefficient: n.usage_coefficient, connection_type: n.connection_type,
  server_ca: n.server_ca, keep_alive: n.keep_alive, core_config_id: n.core_config_id, api_key: n.api_key, data_limit: n.data_limit,
  data_limit_reset_strategy: n.data_limit_reset_strategy, reset_time: n.reset_time, default_timeout: n.default_timeout, internal_timeout: n.internal_timeout,
  proxy_url: n.proxy_url ?? '', id: n.id, xray_version: null, node_version: null, status: n.status, message: n.message,
  uplink: 0, downlink: 0, lifetime_uplink: 0, lifetime_downlink: 0, core_version: null,
});
