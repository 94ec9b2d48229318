import { invalid, fail, requiredText } from './http-errors.ts';
import { enumText, notAnIntegerText, valueError } from './wording.ts';
import type { MarzbanState } from './state.ts';
import { PROTOCOLS, type NextPlan, type Protocol, type ProxySettings } from './types.ts';

/** marzban.md §5.1 username rule. */
const USERNAME = /^(?=\w{3,32}\b)[a-zA-Z0-9\-_@.]+(?:_[a-zA-Z0-9\-_@.]+)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STRATEGIES = ['no_reset', 'day', 'week', 'month', 'year'];
const FLOWS = ['', 'xtls-rprx-vision'];
const METHODS = ['aes-128-gcm', 'aes-256-gcm', 'chacha20-ietf-poly1305'];

export type Body = Record<string, unknown>;

export function checkUsername(state: MarzbanState, username: unknown): string {
  if (typeof username !== 'string') return invalid('username', requiredText(state.version));
  if (!USERNAME.test(username)) return invalid('username', valueError(state.version, 'Username only can be 3 to 32 characters and contain a-z, 0-9, and underscores in between.'));
  return username;
}

/** int ≥ 0 or null; a string is 422 on 0.8.4, coerced by pydantic 1 on 0.4.2 and 0.7.0 (§11). */
export function optionalInt(state: MarzbanState, body: Body, field: string): number | null | undefined {
  const v = body[field];
  if (v === undefined || v === null) return v as undefined | null;
  if (typeof v === 'string' && (state.version === '0.8.4' || v.trim() === '' || !Number.isFinite(Number(v)))) return invalid(field, notAnIntegerText(state.version, field));
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) return invalid(field, 'Input should be a valid integer');
  if (n < 0) return invalid(field, 'Input should be greater than or equal to 0');
  return Math.trunc(n);
}

export function parseProxies(state: MarzbanState, raw: unknown): Partial<Record<Protocol, ProxySettings>> {
  if (typeof raw !== 'object' || raw === null) return invalid('proxies', 'Input should be a valid dictionary');
  const out: Partial<Record<Protocol, ProxySettings>> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!PROTOCOLS.includes(key as Protocol)) return invalid('proxies', `Input should be ${PROTOCOLS.map((p) => `'${p}'`).join(', ')}`);
    const s = (value ?? {}) as ProxySettings;
    if (s.id !== undefined && s.id !== null && !UUID.test(String(s.id))) return invalid('id', 'value is not a valid uuid');
    if (s.flow !== undefined && s.flow !== null && !FLOWS.includes(s.flow)) return invalid('flow', "Input should be '' or 'xtls-rprx-vision'");
    if (s.method !== undefined && s.method !== null && !METHODS.includes(s.method)) return invalid('method', 'Input should be a valid method');
    const clean: ProxySettings = {};
    if (s.id) clean.id = String(s.id).toLowerCase();
    if (s.password) clean.password = String(s.password);
    if (typeof s.flow === 'string') clean.flow = s.flow;
    if (typeof s.method === 'string') clean.method = s.method;
    out[key as Protocol] = clean;
  }
  return out;
}

/** Every listed tag must exist in the config, any protocol (§5.1). */
export function parseInbounds(state: MarzbanState, raw: unknown): Partial<Record<Protocol, string[]>> {
  if (typeof raw !== 'object' || raw === null) return invalid('inbounds', 'Input should be a valid dictionary');
  const out: Partial<Record<Protocol, string[]>> = {};
  for (const [key, tags] of Object.entries(raw)) {
    if (!PROTOCOLS.includes(key as Protocol)) return invalid('inbounds', 'Input should be a valid protocol');
    if (!Array.isArray(tags)) return invalid('inbounds', 'Input should be a valid list');
    for (const tag of tags) if (!state.hasTag(String(tag))) return invalid('inbounds', valueError(state.version, `Inbound ${String(tag)} doesn't exist`));
    out[key as Protocol] = tags.map(String);
  }
  return out;
}

/** A listed protocol with no inbound in the config (§3, 400). */
export function checkProtocolsEnabled(state: MarzbanState, protocols: readonly Protocol[]): void {
  for (const p of protocols) {
    if (state.inboundsOf(p).length === 0) fail(400, `Protocol ProxyTypes.${p.toUpperCase()} is disabled on your server`);
  }
}

export function parseStrategy(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!STRATEGIES.includes(String(raw))) return invalid('data_limit_reset_strategy', `Input should be ${STRATEGIES.map((s) => `'${s}'`).join(', ')}`);
  return String(raw);
}

/** A plan's `expire: 0` is kept as 0, not read as "none" (§16.9). */
export function parseNextPlan(raw: unknown): NextPlan | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object') return invalid('next_plan', 'Input should be a valid dictionary');
  const n = raw as Body;
  return {
    data_limit: typeof n.data_limit === 'number' && n.data_limit > 0 ? n.data_limit : null,
    expire: typeof n.expire === 'number' && n.expire >= 0 ? n.expire : null,
    add_remaining_traffic: n.add_remaining_traffic === true,
    fire_on_either: n.fire_on_either !== false,
  };
}

/** status on_hold needs a duration in the same body and no expire (§5.3 step 0), keyed `status` on every release (§16.7). */
export function checkOnHold(state: MarzbanState, body: Body): void {
  if (body.status !== 'on_hold') return;
  const duration = body.on_hold_expire_duration;
  if (typeof duration !== 'number' || duration <= 0) invalid('status', valueError(state.version, 'User cannot be on hold without a valid on_hold_expire_duration.'));
  if (body.expire) invalid('status', valueError(state.version, 'User cannot be on hold with specified expire.'));
}

/** A status the route does not take: create allows two, update three (§5.1), in the release's words. */
export function checkStatus(state: MarzbanState, status: unknown, allowed: readonly string[]): void {
  if (status !== undefined && status !== null && !allowed.includes(String(status))) invalid('status', enumText(state.version, allowed));
}

/** Every release refuses a note over 500 characters, on create and update (§16.1). */
export function checkNote(state: MarzbanState, note: unknown): void {
  if (typeof note === 'string' && note.length > 500) invalid('note', valueError(state.version, "User's note can be a maximum of 500 character"));
}
