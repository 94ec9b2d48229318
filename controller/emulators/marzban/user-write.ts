import { fail, invalid } from './http-errors.ts';
import type { MarzbanState } from './state.ts';
import type { EmuUser, NextPlan, Protocol, ProxySettings, UserStatus } from './types.ts';
import { valueError } from './wording.ts';
import {
  checkNote, checkOnHold, checkProtocolsEnabled, checkStatus, checkUsername, optionalInt, parseInbounds, parseNextPlan, parseProxies, parseStrategy, type Body,
} from './user-validate.ts';

const zeroToNull = (v: number | null | undefined): number | null => (v ? v : null);

/** Steps 4 and 5 of §5.3: the status after a limit or expiry write. */
export function recomputeForLimit(user: EmuUser): void {
  if (user.status === 'expired' || user.status === 'disabled') return;
  if (user.data_limit === null || user.used_traffic < user.data_limit) {
    if (user.status !== 'on_hold') user.status = 'active';
  } else user.status = 'limited';
}

export function recomputeForExpire(user: EmuUser, nowSeconds: number): void {
  if (user.status !== 'active' && user.status !== 'expired') return;
  user.status = user.expire === null || user.expire > nowSeconds ? 'active' : 'expired';
}

/** POST /api/user (§5.4). */
export function createUser(state: MarzbanState, body: Body, owner: string | null): EmuUser {
  const username = checkUsername(state, body.username);
  const status = body.status ?? 'active';
  checkStatus(state, status, ['active', 'on_hold']);
  checkOnHold(state, body);
  checkNote(state, body.note);
  const expire = optionalInt(state, body, 'expire');
  const dataLimit = optionalInt(state, body, 'data_limit');
  const omittedProxies = body.proxies === undefined && state.version === '0.8.4';
  const proxies = body.proxies === undefined ? {} : parseProxies(state, body.proxies);
  if (!omittedProxies && Object.keys(proxies).length === 0) invalid('proxies', valueError(state.version, 'Each user needs at least one proxy'));
  checkProtocolsEnabled(state, Object.keys(proxies) as Protocol[]);
  const inbounds = body.inbounds === undefined ? undefined : parseInbounds(state, body.inbounds);
  if (state.findUser(username)) fail(409, 'User already exists');

  const now = state.clock.now();
  const user: EmuUser = {
    username,
    proxies: Object.fromEntries(Object.entries(proxies).map(([p, s]) => [p, state.withCredentials(p as Protocol, s)])),
    excluded: new Set(),
    expire: zeroToNull(expire),
    data_limit: zeroToNull(dataLimit),
    data_limit_reset_strategy: parseStrategy(body.data_limit_reset_strategy) ?? 'no_reset',
    status: status as UserStatus,
    note: typeof body.note === 'string' ? body.note : null,
    on_hold_expire_duration: zeroToNull(optionalInt(state, body, 'on_hold_expire_duration')),
    on_hold_timeout: typeof body.on_hold_timeout === 'string' ? body.on_hold_timeout : null,
    auto_delete_in_days: typeof body.auto_delete_in_days === 'number' ? body.auto_delete_in_days : null,
    // Releases before 0.8 have no next_plan: an unknown body field, ignored (§14).
    next_plan: state.version === '0.8.4' ? parseNextPlan(body.next_plan) : null,
    used_traffic: 0,
    lifetime_used_traffic: 0,
    created_at: now,
    edit_at: now,
    online_at: null,
    admin: owner,
    broken: omittedProxies,
    credentialRotations: 0,
  };
  // Create: a listed protocol's tags are kept, [] or a missing key means all; omitted inbounds
  // means none on 0.8.4 (validators skipped) and all on 0.4.2 (§5.4, §12.7).
  for (const protocol of Object.keys(user.proxies) as Protocol[]) {
    const tags = inbounds === undefined ? (state.version === '0.8.4' ? [] : undefined) : inbounds[protocol];
    const keepAll = inbounds !== undefined && (!tags || tags.length === 0);
    for (const i of state.inboundsOf(protocol)) {
      if (keepAll || tags === undefined) continue;
      if (!tags.includes(i.tag)) user.excluded.add(i.tag);
    }
  }
  state.referenceTags([...Object.values(inbounds ?? {}).flat(), ...user.excluded]);
  state.putUser(user);
  return user;
}

/** A PUT body, checked (§5.3 step 0): everything that can refuse it, before any user is touched. */
export interface ModifyRequest {
  body: Body;
  expire: number | null | undefined;
  dataLimit: number | null | undefined;
  proxies: Partial<Record<Protocol, ProxySettings>>;
  inbounds: Partial<Record<Protocol, string[]>>;
  strategy: string | undefined;
  nextPlan: NextPlan | null;
}

export function parseModify(state: MarzbanState, body: Body): ModifyRequest {
  checkStatus(state, body.status, ['active', 'disabled', 'on_hold']);
  checkOnHold(state, body);
  checkNote(state, body.note);
  const expire = optionalInt(state, body, 'expire');
  const dataLimit = optionalInt(state, body, 'data_limit');
  const proxies = body.proxies === undefined || body.proxies === null ? {} : parseProxies(state, body.proxies);
  checkProtocolsEnabled(state, Object.keys(proxies) as Protocol[]);
  const inbounds = body.inbounds === undefined || body.inbounds === null ? {} : parseInbounds(state, body.inbounds);
  return { body, expire, dataLimit, proxies, inbounds, strategy: parseStrategy(body.data_limit_reset_strategy), nextPlan: parseNextPlan(body.next_plan) };
}

/** PUT /api/user/{u}, in the order of §5.3. */
export function modifyUser(state: MarzbanState, user: EmuUser, request: ModifyRequest): void {
  const { body, expire, dataLimit, proxies, inbounds, strategy, nextPlan } = request;

  // 1. proxies: authoritative when non-empty; a missing id/password is regenerated.
  if (Object.keys(proxies).length > 0) {
    for (const p of Object.keys(user.proxies) as Protocol[]) if (!(p in proxies)) delete user.proxies[p];
    for (const [p, s] of Object.entries(proxies)) user.proxies[p as Protocol] = state.withCredentials(p as Protocol, s);
  }
  // 2. inbounds: authoritative per listed protocol; [] means none.
  for (const [p, tags] of Object.entries(inbounds)) {
    for (const i of state.inboundsOf(p as Protocol)) {
      if (tags.includes(i.tag)) user.excluded.delete(i.tag);
      else user.excluded.add(i.tag);
    }
  }
  // 3-5. status, limit, expire.
  if (typeof body.status === 'string') user.status = body.status as UserStatus;
  if (dataLimit !== undefined && dataLimit !== null) {
    user.data_limit = zeroToNull(dataLimit);
    recomputeForLimit(user);
  }
  if (expire !== undefined && expire !== null) {
    user.expire = zeroToNull(expire);
    recomputeForExpire(user, state.nowSeconds());
  }
  // 6. the rest when non-null; the on-hold fields cannot be cleared, "" clears the note.
  if (typeof body.note === 'string') user.note = body.note === '' ? null : body.note;
  if (strategy) user.data_limit_reset_strategy = strategy;
  if (typeof body.on_hold_timeout === 'string' && body.on_hold_timeout) user.on_hold_timeout = body.on_hold_timeout;
  const duration = optionalInt(state, body, 'on_hold_expire_duration');
  if (duration) user.on_hold_expire_duration = duration;
  // 7. next_plan: an object replaces it, null or omitted deletes it. auto_delete_in_days is ignored.
  if (state.version === '0.8.4') user.next_plan = nextPlan;
  state.referenceTags([...Object.values(inbounds).flat(), ...user.excluded]);
  user.edit_at = state.clock.now();
}
