import type { PasarGuardState } from './state.ts';
import type { EmuUser, UserStatus } from './types.ts';

const STATUSES: readonly UserStatus[] = ['active', 'active', 'active', 'disabled', 'limited', 'expired', 'on_hold'];

/**
 * Inserts users straight into the state, bypassing HTTP (for scale tests and the bench).
 * Names are `<prefix><n>`; statuses, limits and groups vary deterministically.
 */
export function seedUsers(state: PasarGuardState, count: number, options: { prefix?: string; adminId?: number | null; groupIds?: number[] } = {}): void {
  const prefix = options.prefix ?? 'user';
  const now = state.now();
  const start = state.users.size;
  for (let i = 1; i <= count; i++) {
    const n = start + i;
    const status = STATUSES[n % STATUSES.length] ?? 'active';
    const limit = n % 3 === 0 ? null : ((n % 5) + 1) * 10 * 2 ** 30;
    const user: EmuUser = {
      id: state.nextId('user'),
      username: `${prefix}${i}`,
      proxy_settings: state.completeProxies({}).table,
      expire: status === 'on_hold' ? null : status === 'expired' ? now - 86_400_000 : n % 4 === 0 ? null : now + 30 * 86_400_000,
      data_limit: status === 'limited' ? 2 ** 30 : limit,
      data_limit_reset_strategy: n % 2 ? 'no_reset' : 'month',
      note: n % 6 === 0 ? `seeded customer ${n}` : null,
      on_hold_expire_duration: status === 'on_hold' ? 30 * 86_400 : null,
      on_hold_timeout: null,
      group_ids: options.groupIds ?? [],
      auto_delete_in_days: null,
      hwid_limit: null,
      next_plan: null,
      status,
      used_traffic: status === 'limited' ? 2 ** 30 : state.rng.int(0, 5 * 2 ** 30),
      lifetime_used_traffic: 0,
      created_at: now,
      edit_at: null,
      online_at: null,
      admin_id: options.adminId ?? null,
      sub_revoked_at: null,
      credentialRotations: 0,
    };
    state.putUser(user);
  }
}
