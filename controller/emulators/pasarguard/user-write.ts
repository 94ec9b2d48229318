import { fail } from '../marzban/http-errors.ts';
import type { PasarGuardState } from './state.ts';
import type { EmuUser, UserStatus } from './types.ts';
import { checkUsername, groupIdsBody, nextPlanBody, proxyBody, scalarFields } from './user-validate.ts';

type Body = Record<string, unknown>;

const timeoutAt = (state: PasarGuardState, value: ReturnType<typeof scalarFields>['on_hold_timeout']): number | null | undefined =>
  value !== null && typeof value === 'object' ? state.now() + value.inSeconds * 1000 : value;

/** POST /api/user (§5.5): given credentials kept, the rest generated; no groups when group_ids is omitted. */
export function createUser(state: PasarGuardState, body: Body, adminId: number | null): EmuUser {
  const username = checkUsername(body.username);
  const f = scalarFields(body, true);
  const proxies = proxyBody(body.proxy_settings) ?? {};
  const groups = groupIdsBody(state, body.group_ids, true) ?? [];
  const next = nextPlanBody(state, body.next_plan);
  if (state.users.has(username)) fail(409, 'User already exists');
  const now = state.now();
  const onHold = f.status === 'on_hold';
  const user: EmuUser = {
    id: state.nextId('user'),
    username,
    proxy_settings: state.completeProxies(proxies).table,
    expire: onHold ? null : (f.expire ?? null),
    data_limit: f.data_limit ?? null,
    data_limit_reset_strategy: f.data_limit_reset_strategy ?? 'no_reset',
    note: f.note ?? null,
    on_hold_expire_duration: f.on_hold_expire_duration || null,
    on_hold_timeout: timeoutAt(state, f.on_hold_timeout) ?? null,
    group_ids: groups,
    auto_delete_in_days: f.auto_delete_in_days ?? null,
    hwid_limit: f.hwid_limit ?? null,
    next_plan: next,
    // A past expire stays active until the review job runs (§5.4).
    status: onHold ? 'on_hold' : 'active',
    used_traffic: 0,
    lifetime_used_traffic: 0,
    created_at: now,
    edit_at: null,
    online_at: null,
    admin_id: adminId,
    sub_revoked_at: null,
    credentialRotations: 0,
  };
  state.putUser(user);
  return user;
}

/** `active` over `disabled` is resolved from the user's state (v5.1+, §5.3 step 3). */
export function resolvedStatus(state: PasarGuardState, user: EmuUser): UserStatus {
  if (user.expire !== null && user.expire <= state.now()) return 'expired';
  if (user.data_limit !== null && user.used_traffic >= user.data_limit) return 'limited';
  if (user.on_hold_expire_duration) return 'on_hold';
  return 'active';
}

/**
 * PUT /api/user/by-id/{id}, in the panel's order (§5.3): proxy settings (a whole table: every
 * part left out is regenerated), groups (`[]` empties them), status, expire, data limit, the
 * plain fields, and the next plan (deleted when left out).
 */
export function modifyUser(state: PasarGuardState, user: EmuUser, body: Body): void {
  const f = scalarFields(body, false);
  const proxies = proxyBody(body.proxy_settings);
  const groups = groupIdsBody(state, body.group_ids, false);
  const next = nextPlanBody(state, body.next_plan);
  // 1. A sent table replaces the credentials; what it leaves out is generated afresh.
  if (proxies) {
    const { table, generated } = state.completeProxies(proxies);
    user.proxy_settings = table;
    user.credentialRotations += generated;
  }
  // 2. null keeps; a list replaces, [] included (v5.2).
  if (groups) user.group_ids = groups;
  // 3.
  if (f.status) user.status = f.status === 'active' && user.status === 'disabled' ? resolvedStatus(state, user) : f.status;
  // 4. disabled is never touched by an expire edit.
  if (user.status === 'on_hold') user.expire = null;
  else if (f.expire === null) {
    user.expire = null;
    if (user.status === 'expired') user.status = 'active';
  } else if (f.expire !== undefined) {
    user.expire = f.expire;
    if (user.status === 'active' || user.status === 'expired') user.status = f.expire > state.now() ? 'active' : 'expired';
  }
  // 5.
  if (f.data_limit !== undefined) {
    user.data_limit = f.data_limit;
    if (user.status !== 'expired' && user.status !== 'disabled' && user.status !== 'on_hold') {
      user.status = user.data_limit === null || user.used_traffic < user.data_limit ? 'active' : 'limited';
    }
  }
  // 6. auto_delete_in_days is not applied on modify.
  if (f.note !== undefined) user.note = f.note;
  if (body.note === '') user.note = null;
  if (f.data_limit_reset_strategy !== undefined) user.data_limit_reset_strategy = f.data_limit_reset_strategy;
  const timeout = timeoutAt(state, f.on_hold_timeout);
  if (timeout !== undefined) user.on_hold_timeout = timeout;
  if (f.on_hold_expire_duration) user.on_hold_expire_duration = f.on_hold_expire_duration;
  if (f.hwidSent && (f.hwid_limit !== undefined || body.hwid_limit === null)) user.hwid_limit = f.hwid_limit ?? null;
  // 7. Left out or null: the plan is gone.
  user.next_plan = next;
  user.edit_at = state.now();
}
