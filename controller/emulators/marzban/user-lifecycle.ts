import type { MarzbanState } from './state.ts';
import type { EmuUser, Protocol } from './types.ts';
import { recomputeForExpire, recomputeForLimit } from './user-write.ts';

/** POST /api/user/{u}/reset (§5.5): usage zeroed, next_plan dropped, all but expired become active. */
export function resetUser(user: EmuUser): void {
  user.used_traffic = 0;
  user.next_plan = null;
  if (user.status !== 'expired') user.status = 'active';
}

/**
 * POST /api/user/{u}/active-next (0.8.4, §5.5): the plan's limit plus what was left of the old one
 * unless the plan says to add the remaining traffic (the panel's condition, inverted as it is);
 * `no-plan` is the panel's 404. An unlimited old limit cannot be added to: the panel fails (500).
 */
export function activateNextPlan(user: EmuUser): 'no-plan' | 'failed' | 'done' {
  const plan = user.next_plan;
  if (!plan) return 'no-plan';
  const left = plan.add_remaining_traffic ? 0 : user.data_limit === null ? undefined : user.data_limit - user.used_traffic;
  if (left === undefined || plan.data_limit === null) return 'failed';
  user.data_limit = plan.data_limit + left;
  user.expire = plan.expire || null;
  user.used_traffic = 0;
  user.status = 'active';
  user.next_plan = null;
  return 'done';
}

/** POST /api/user/{u}/revoke_sub (§5.5): every credential rotates; flow and method stay. */
export function revokeSubscription(state: MarzbanState, user: EmuUser): void {
  for (const p of Object.keys(user.proxies) as Protocol[]) {
    const { flow, method } = user.proxies[p] ?? {};
    user.proxies[p] = state.withCredentials(p, { ...(flow !== undefined ? { flow } : {}), ...(method !== undefined ? { method } : {}) });
  }
  user.credentialRotations += 1;
  recomputeForLimit(user);
  recomputeForExpire(user, state.nowSeconds());
}

/** The 10-second job (§5.3): limited / expired (or the next plan instead), and on_hold activation. */
export function runStatusJob(state: MarzbanState): void {
  const now = state.nowSeconds();
  for (const user of state.users.values()) {
    if (user.status === 'on_hold') {
      const timedOut = user.on_hold_timeout !== null && Date.parse(`${user.on_hold_timeout.replace(/Z$/, '')}Z`) / 1000 <= now;
      const connected = user.online_at !== null && user.online_at >= user.edit_at;
      if (timedOut || connected) {
        user.expire = now + (user.on_hold_expire_duration ?? 0);
        user.on_hold_expire_duration = null;
        user.on_hold_timeout = null;
        user.status = 'active';
      }
      continue;
    }
    if (user.status !== 'active') continue;
    const limited = user.data_limit !== null && user.used_traffic >= user.data_limit;
    const expired = user.expire !== null && user.expire <= now;
    if (!limited && !expired) continue;
    const plan = user.next_plan;
    if (plan && (plan.fire_on_either || (limited && expired))) {
      user.data_limit = plan.data_limit;
      user.expire = plan.expire || null;
      user.used_traffic = 0;
      user.next_plan = null;
      continue;
    }
    user.status = limited ? 'limited' : 'expired';
  }
}
