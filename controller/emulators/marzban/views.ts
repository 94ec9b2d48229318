import type { MarzbanState } from './state.ts';
import type { EmuAdmin, EmuNode, EmuTemplate, EmuUser, Protocol } from './types.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace('Z', ''));

/** Admin in the release's shape: 0.4.2 `{username, is_sudo}`, 0.7.0 adds telegram and discord, 0.8.4 `users_usage` (§11, §13). */
export function adminResponse(state: MarzbanState, admin: EmuAdmin | undefined, username: string): Record<string, unknown> {
  const out: Record<string, unknown> = { username, is_sudo: admin ? admin.is_sudo : true };
  if (state.version === '0.4.2') return out;
  Object.assign(out, { telegram_id: admin?.telegram_id ?? null, discord_webhook: admin?.discord_webhook ?? null });
  if (state.version === '0.7.0') return out;
  const usage = [...state.users.values()].filter((u) => u.admin === username).reduce((n, u) => n + u.used_traffic, 0);
  out.users_usage = admin ? usage : null;
  return out;
}

/**
 * UserResponse in the panel's key order (§5.1), in the release's shape (§14): 0.4.2 has no
 * `admin`, `next_plan` or `auto_delete_in_days`; 0.7.0 has `admin` and `auto_delete_in_days`
 * but no `next_plan`. Links and subscription URL change on every read, as on the panel.
 */
export function userResponse(state: MarzbanState, user: EmuUser): Record<string, unknown> {
  const inbounds = state.effectiveInbounds(user);
  const admin = user.admin ? state.admins.get(user.admin) : undefined;
  const links = Object.entries(inbounds).flatMap(([p, tags]) => (tags ?? []).map((t) => `${p}://${state.rng.string(8)}@203.0.113.${state.rng.int(1, 254)}:443#${encodeURIComponent(`${t} ${user.username}`)}`));
  const base: Record<string, unknown> = {
    proxies: user.proxies,
    expire: user.expire,
    data_limit: user.data_limit,
    data_limit_reset_strategy: user.data_limit_reset_strategy,
    inbounds,
    note: user.note,
    sub_updated_at: null,
    sub_last_user_agent: null,
    online_at: iso(user.online_at),
    on_hold_expire_duration: user.on_hold_expire_duration,
    on_hold_timeout: user.on_hold_timeout,
  };
  if (state.version !== '0.4.2') base.auto_delete_in_days = user.auto_delete_in_days;
  if (state.version === '0.8.4') base.next_plan = user.next_plan;
  Object.assign(base, {
    username: user.username,
    status: user.status,
    used_traffic: user.used_traffic,
    lifetime_used_traffic: user.lifetime_used_traffic + user.used_traffic,
    created_at: iso(user.created_at),
    links,
    subscription_url: `/sub/${state.rng.string(24)}${state.clock.now()}`,
    excluded_inbounds: excludedByProtocol(state, user),
  });
  if (state.version !== '0.4.2') base.admin = admin ? adminResponse(state, admin, admin.username) : null;
  return base;
}

function excludedByProtocol(state: MarzbanState, user: EmuUser): Partial<Record<Protocol, string[]>> {
  const out: Partial<Record<Protocol, string[]>> = {};
  for (const p of Object.keys(user.proxies) as Protocol[]) out[p] = state.inboundsOf(p).filter((i) => user.excluded.has(i.tag)).map((i) => i.tag);
  return out;
}

/** Templates store a flat tag set; the response regroups it by protocol from the config (§7). */
export function templateResponse(state: MarzbanState, t: EmuTemplate): Record<string, unknown> {
  const inbounds: Partial<Record<Protocol, string[]>> = {};
  for (const i of state.inbounds) if (t.tags.has(i.tag)) (inbounds[i.protocol] ??= []).push(i.tag);
  // Key order as the panels answer (checked on live 0.4.2, 0.7.0 and 0.8.4 servers).
  return {
    name: t.name,
    data_limit: t.data_limit,
    expire_duration: t.expire_duration,
    username_prefix: t.username_prefix,
    username_suffix: t.username_suffix,
    inbounds,
    id: t.id,
  };
}

/** A node in the panels' key order (checked on live servers): the id after the settings, the connection state last. */
export const nodeResponse = (n: EmuNode): Record<string, unknown> => ({
  name: n.name,
  address: n.address,
  port: n.port,
  api_port: n.api_port,
  usage_coefficient: n.usage_coefficient,
  id: n.id,
  xray_version: n.xray_version,
  status: n.status,
  message: n.message,
});

export function inboundsResponse(state: MarzbanState): Partial<Record<Protocol, unknown[]>> {
  const out: Partial<Record<Protocol, unknown[]>> = {};
  for (const i of state.inbounds) (out[i.protocol] ??= []).push({ tag: i.tag, protocol: i.protocol, network: i.network, tls: i.tls, port: i.port });
  return out;
}
