import type { Spec } from '../../types.ts';
import type { WireNextPlan, WireProxySettings, WireUser } from '../wire.ts';

/** Group and template ids by the names manifests use, read right before a write. */
export interface IdLookup {
  groups: ReadonlyMap<string, number>;
  templates: ReadonlyMap<string, number>;
}

const iso = (instant: unknown): string | 0 => (instant === undefined || instant === 'never' ? 0 : String(instant));

function idOf(map: ReadonlyMap<string, number>, kind: string, name: string): number {
  const id = map.get(name);
  if (id === undefined) throw new Error(`${kind} "${name}" does not exist on the panel`);
  return id;
}

export const groupIds = (spec: Spec, ids: IdLookup): number[] => ((spec.groups ?? []) as string[]).map((g) => idOf(ids.groups, 'Group', g));

/** `next_plan.expire` is a duration in seconds from when the plan fires (§5.7, §13). */
export function nextPlanWire(plan: Spec | null | undefined, ids: IdLookup): WireNextPlan | null {
  if (!plan) return null;
  return {
    user_template_id: typeof plan.template === 'string' ? idOf(ids.templates, 'UserTemplate', plan.template) : null,
    data_limit: (plan.dataLimit as number | undefined) ?? 0,
    expire: (plan.expireDuration as number | undefined) ?? 0,
    add_remaining_traffic: plan.addRemainingTraffic === true,
  };
}

/** on_hold needs its duration in the same body and no expire (§5.3 step 0). */
function onHoldFields(spec: Spec): Record<string, unknown> {
  const timeout = spec.onHoldTimeout;
  return {
    status: 'on_hold',
    expire: 0,
    on_hold_expire_duration: (spec.onHoldExpireDuration as number | undefined) ?? 0,
    ...(timeout && timeout !== 'never' ? { on_hold_timeout: timeout } : {}),
  };
}

/**
 * The body of POST /api/user. `group_ids` is sent whenever the manifest names groups: without
 * it the user reaches no inbound (§5.5), and `[]` is refused on create, so a manifest's
 * `groups: []` leaves it out. Credentials are the panel's to generate unless pinned (a
 * subscriber's keys from another panel): the pinned ones and the Shadowsocks method are given,
 * and create fills in every other part (§5.2).
 */
export function createBody(username: string, spec: Spec, ids: IdLookup, secrets: Readonly<Record<string, string>> = {}): Record<string, unknown> {
  const groups = groupIds(spec, ids);
  const method = (spec.proxies as { shadowsocks?: { method?: string } } | undefined)?.shadowsocks?.method;
  const body: Record<string, unknown> = {
    username,
    status: 'active',
    data_limit: (spec.dataLimit as number | undefined) ?? 0,
    expire: iso(spec.expire),
    data_limit_reset_strategy: (spec.dataLimitResetStrategy as string | undefined) ?? 'no_reset',
    note: (spec.note as string | undefined) ?? '',
    next_plan: nextPlanWire(spec.nextPlan as Spec | undefined, ids),
  };
  if (groups.length) body.group_ids = groups;
  const proxies = withKeys({}, secrets, Object.keys(secrets));
  if (method) proxies.shadowsocks = { ...proxies.shadowsocks, method };
  if (Object.keys(proxies).length) body.proxy_settings = proxies;
  if (spec.hwidLimit !== undefined) body.hwid_limit = spec.hwidLimit;
  if (spec.status === 'on_hold') Object.assign(body, onHoldFields(spec));
  return body;
}

/**
 * The body of PUT /api/user/by-id/{id}, over a fresh read of the user (§5.3):
 * - `proxy_settings` only when the manifest changes a setting, and then the whole table as
 *   read with that one field changed: any part left out would be regenerated (step 1);
 * - `group_ids` only when the groups change (`[]` removes every group, step 2);
 * - `next_plan` always: leaving it out deletes it (step 7);
 * - `status` only when the manifest changes it; `disabled` goes through its own switch.
 */
export function updateBody(live: WireUser, spec: Spec, changed: ReadonlySet<string>, ids: IdLookup, rekeyed: Readonly<Record<string, string>> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { next_plan: live.next_plan ?? null };
  if (changed.has('nextPlan')) body.next_plan = nextPlanWire(spec.nextPlan as Spec | null, ids);
  if (changed.has('proxies')) {
    const method = (spec.proxies as { shadowsocks?: { method?: string } } | undefined)?.shadowsocks?.method;
    const table = { ...wholeTable(live), shadowsocks: { ...live.proxy_settings.shadowsocks, ...(method ? { method } : {}) } };
    body.proxy_settings = withKeys(table, rekeyed, Object.keys(rekeyed));
  }
  if (changed.has('groups')) body.group_ids = groupIds(spec, ids);
  if (changed.has('dataLimit')) body.data_limit = (spec.dataLimit as number | undefined) ?? 0;
  if (changed.has('expire')) body.expire = iso(spec.expire);
  if (changed.has('dataLimitResetStrategy')) body.data_limit_reset_strategy = spec.dataLimitResetStrategy;
  if (changed.has('note')) body.note = (spec.note as string | undefined) ?? '';
  if (changed.has('onHoldExpireDuration')) body.on_hold_expire_duration = spec.onHoldExpireDuration;
  if (changed.has('onHoldTimeout')) body.on_hold_timeout = spec.onHoldTimeout === 'never' ? 0 : spec.onHoldTimeout;
  if (changed.has('hwidLimit')) body.hwid_limit = spec.hwidLimit ?? null;
  if (changed.has('status') && spec.status === 'on_hold') Object.assign(body, onHoldFields(spec));
  // active over on_hold is assigned as sent; over disabled the switch resolves it (statusSwitch).
  if (changed.has('status') && spec.status === 'active' && live.status === 'on_hold') body.status = 'active';
  return body;
}

/** Each protocol and the credential field that must come back with it (§5.2). */
const CREDENTIALS: ReadonlyArray<[string, string]> = [['vmess', 'id'], ['vless', 'id'], ['trojan', 'password'], ['shadowsocks', 'password'], ['hysteria', 'auth']];

/**
 * The live table, checked whole before it is sent back: a read that lost a protocol or a
 * credential would have the panel generate new ones for it, so it is refused instead.
 */
function wholeTable(live: WireUser): WireUser['proxy_settings'] {
  const table = live.proxy_settings as Record<string, Record<string, unknown> | undefined> | undefined;
  const missing = CREDENTIALS.filter(([p, field]) => typeof table?.[p]?.[field] !== 'string' || table?.[p]?.[field] === '').map(([p, field]) => `${p}.${field}`);
  if (missing.length || !table?.wireguard) throw new Error(`User/${live.username}: the panel's answer lacks ${missing.length ? missing.join(', ') : 'wireguard'} in proxy_settings; sending the table back would rotate them, so nothing was written`);
  return live.proxy_settings;
}

/** The `/disabled` call a status change needs, after the PUT: true to disable, false to let the panel resolve the status. */
export function statusSwitch(live: WireUser, spec: Spec, changed: ReadonlySet<string>): boolean | undefined {
  if (!changed.has('status')) return undefined;
  if (spec.status === 'disabled' && live.status !== 'disabled') return true;
  if (spec.status === 'active' && live.status === 'disabled') return false;
  return undefined;
}

/**
 * Keys (`proxies.vless.id`, …) written into a proxy table, each in its own protocol's settings
 * and nothing else touched. The paths are the kind's shared keys (user-spec.ts).
 */
export function withKeys(table: Partial<WireProxySettings>, keys: Readonly<Record<string, string>>, paths: readonly string[]): Partial<WireProxySettings> {
  const out: Partial<WireProxySettings> = { ...table };
  for (const path of paths) {
    const [, protocol, field] = path.split('.') as [string, keyof WireProxySettings, string];
    const value = keys[path];
    if (value !== undefined && field) out[protocol] = { ...out[protocol], [field]: value };
  }
  return out;
}
