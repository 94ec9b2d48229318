import { fail } from '../marzban/http-errors.ts';
import type { PasarGuardState } from './state.ts';
import type { EmuUser } from './types.ts';
import { resolvedStatus } from './user-write.ts';

/** The next plan takes over (§5.7 active_next, §5.4): its duration counts from now. */
export function applyNextPlan(state: PasarGuardState, user: EmuUser): void {
  const plan = user.next_plan ?? fail(404, "User doesn't have next plan");
  const template = plan.user_template_id !== null ? state.templates.get(plan.user_template_id) : undefined;
  const remaining = user.data_limit !== null ? Math.max(0, user.data_limit - user.used_traffic) : 0;
  if (template) {
    user.group_ids = [...template.group_ids];
    user.data_limit = template.data_limit || null;
    user.expire = template.expire_duration ? state.now() + template.expire_duration * 1000 : null;
  } else {
    const limit = (plan.data_limit ?? 0) + (plan.add_remaining_traffic ? remaining : 0);
    user.data_limit = limit || null;
    user.expire = plan.expire ? state.now() + plan.expire * 1000 : null;
  }
  user.lifetime_used_traffic += user.used_traffic;
  user.used_traffic = 0;
  user.status = 'active';
  user.next_plan = null;
}

/**
 * The 30-second review job (§5.4): expiry and limits, with a next plan applied instead when
 * there is one; an on-hold user starts on its first connection or at its timeout.
 */
export function reviewUsers(state: PasarGuardState): void {
  const now = state.now();
  for (const user of state.users.values()) {
    if (user.status === 'active') {
      const expired = user.expire !== null && user.expire <= now;
      const limited = user.data_limit !== null && user.used_traffic >= user.data_limit;
      if ((expired || limited) && user.next_plan) applyNextPlan(state, user);
      else if (expired) user.status = 'expired';
      else if (limited) user.status = 'limited';
    } else if (user.status === 'on_hold') {
      const connected = user.online_at !== null && user.online_at >= (user.edit_at ?? user.created_at);
      const timedOut = user.on_hold_timeout !== null && user.on_hold_timeout <= now;
      if (connected || timedOut) {
        user.status = 'active';
        user.expire = now + (user.on_hold_expire_duration ?? 0) * 1000;
      }
    }
  }
}

/** POST reset (§5.7): used → 0 (lifetime kept), next plan dropped, only limited → active. */
export function resetUsage(user: EmuUser): void {
  user.lifetime_used_traffic += user.used_traffic;
  user.used_traffic = 0;
  user.next_plan = null;
  if (user.status === 'limited') user.status = 'active';
}

/** revoke_sub (§5.6): every credential but the SS method and WireGuard peers rotates, older links die. */
export function revokeSubscription(state: PasarGuardState, user: EmuUser): void {
  const { table, generated } = state.completeProxies({ shadowsocks: { method: user.proxy_settings.shadowsocks.method } });
  user.proxy_settings = table;
  user.credentialRotations += generated;
  user.sub_revoked_at = state.now();
}

/** PUT …/disabled (v5.0+): true disables; false resolves the status as an `active` write does. */
export function setDisabled(state: PasarGuardState, user: EmuUser, disabled: boolean): void {
  if (disabled) user.status = 'disabled';
  else if (user.status === 'disabled') user.status = resolvedStatus(state, user);
  user.edit_at = state.now();
}
