import { fail, invalid } from '../marzban/http-errors.ts';
import type { PasarGuardState } from './state.ts';
import type { NextPlan, Protocol } from './types.ts';
import { PROTOCOLS, RESET_STRATEGIES, SS_METHODS } from './types.ts';

type Body = Record<string, unknown>;

/** The username rule (§5.1), with the panel's messages. */
export function checkUsername(value: unknown): string {
  if (typeof value !== 'string') return invalid('username', 'Field required');
  if (value.length < 3 || value.length > 128) invalid('username', 'Value error, Username only can be 3 to 128 characters.');
  if (!/^[a-zA-Z0-9\-_@.]+$/.test(value)) invalid('username', 'Value error, Username can only contain alphanumeric characters, -, _, @, and .');
  if (/[-_@.]{2,}/.test(value)) invalid('username', 'Value error, Username cannot have consecutive special characters');
  return value;
}

/** An instant in ms: ISO (naive = UTC), unix seconds as a number or digit string (§5.1); 0 = none (null), null = not sent (undefined). */
export function instant(field: string, value: unknown): number | null | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 0 || value === '0') return null;
  if (typeof value === 'number') return Math.floor(value * 1000);
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Math.floor(Number(value) * 1000);
  if (typeof value === 'string') {
    const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`);
    if (Number.isFinite(ms)) return ms;
  }
  return invalid(field, 'Input should be a valid datetime');
}

/** Bytes: an integer ≥ 0 or a digit string (accepted, §15); a fraction is refused; 0 = unlimited. */
export function bytes(field: string, value: unknown): number | null | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) return invalid(field, 'Input should be a valid integer, got a number with a fractional part');
  if (n < 0) invalid(field, 'Input should be greater than or equal to 0');
  return n === 0 ? null : n;
}

const intOrNull = (field: string, value: unknown): number | null | undefined => {
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) return invalid(field, 'Input should be a valid integer');
  return value;
};

/** A proxy_settings body: each protocol an object; a sent `flow` is dropped (v4+); SS password ≥ 22, known method (§5.2). */
export function proxyBody(value: unknown): Partial<Record<Protocol, Record<string, unknown>>> | null | undefined {
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return invalid('proxy_settings', 'Input should be a valid dictionary');
  const out: Partial<Record<Protocol, Record<string, unknown>>> = {};
  for (const p of PROTOCOLS) {
    const given = (value as Body)[p];
    if (given === undefined || given === null) continue;
    if (typeof given !== 'object' || Array.isArray(given)) return invalid(p, 'Input should be a valid dictionary');
    const { flow: _flow, ...rest } = given as Body;
    out[p] = rest;
  }
  const ss = out.shadowsocks;
  if (ss?.password !== undefined && (typeof ss.password !== 'string' || ss.password.length < 22)) invalid('password', 'String should have at least 22 characters');
  if (ss?.method !== undefined && !SS_METHODS.includes(String(ss.method))) invalid('method', `Input should be ${SS_METHODS.map((m) => `'${m}'`).join(', ')}`);
  return out;
}

export function groupIdsBody(state: PasarGuardState, value: unknown, creating: boolean): number[] | null | undefined {
  if (value === undefined || value === null) return value as null | undefined;
  if (!Array.isArray(value) || value.some((v) => !Number.isInteger(v))) return invalid('group_ids', 'Input should be a valid list');
  if (creating && value.length === 0) invalid('group_ids', 'Value error, you must select at least one group');
  for (const id of value as number[]) if (!state.groups.has(id)) fail(404, 'Group not found');
  return value as number[];
}

export function nextPlanBody(state: PasarGuardState, value: unknown): NextPlan | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return invalid('next_plan', 'Input should be a valid dictionary');
  const v = value as Body;
  const template = intOrNull('user_template_id', v.user_template_id) ?? null;
  if (template !== null && !state.templates.has(template)) fail(404, 'User Template not found');
  return {
    user_template_id: template,
    data_limit: intOrNull('data_limit', v.data_limit) ?? null,
    expire: intOrNull('expire', v.expire) ?? null,
    add_remaining_traffic: v.add_remaining_traffic === true,
  };
}

/** The scalar fields of a user body, validated; `undefined` = not sent, `null` = sent as null (or 0). */
export function scalarFields(body: Body, creating: boolean) {
  const statuses = creating ? ['active', 'on_hold'] : ['active', 'disabled', 'on_hold'];
  if (body.status !== undefined && body.status !== null && !statuses.includes(String(body.status))) invalid('status', `Input should be ${statuses.map((s) => `'${s}'`).join(' or ')}`);
  const strategy = body.data_limit_reset_strategy;
  if (strategy !== undefined && strategy !== null && !RESET_STRATEGIES.includes(String(strategy))) invalid('data_limit_reset_strategy', `Input should be ${RESET_STRATEGIES.map((s) => `'${s}'`).join(', ')}`);
  if (typeof body.note === 'string' && body.note.length > 500) invalid('note', 'String should have at most 500 characters');
  const fields = {
    status: (body.status ?? undefined) as 'active' | 'disabled' | 'on_hold' | undefined,
    expire: instant('expire', body.expire),
    data_limit: bytes('data_limit', body.data_limit),
    data_limit_reset_strategy: (strategy ?? undefined) as string | undefined,
    note: body.note === undefined || body.note === null ? undefined : body.note === '' ? null : String(body.note),
    on_hold_expire_duration: intOrNull('on_hold_expire_duration', body.on_hold_expire_duration),
    on_hold_timeout: onHoldTimeout(body.on_hold_timeout),
    hwid_limit: intOrNull('hwid_limit', body.hwid_limit),
    hwidSent: 'hwid_limit' in body,
    auto_delete_in_days: intOrNull('auto_delete_in_days', body.auto_delete_in_days),
  };
  // §5.3 step 0: on_hold needs its duration in the same body and no expire.
  if (fields.status === 'on_hold') {
    if (!fields.on_hold_expire_duration) invalid('status', 'Value error, User cannot be on hold without a valid on_hold_expire_duration.');
    if (fields.expire) invalid('status', 'Value error, User cannot be on hold with specified expire.');
  }
  return fields;
}

/** A datetime, or an int counted in seconds from now (§5.1); 0 clears. Returned as ms from epoch, or a relative marker. */
function onHoldTimeout(value: unknown): number | null | { inSeconds: number } | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 0) return null;
  if (typeof value === 'number') return { inSeconds: value };
  return instant('on_hold_timeout', value);
}
