import { made } from './future-fields.ts';
import type { MarzbanState } from './state.ts';
import type { EmuUser, Protocol, UserStatus } from './types.ts';

const STATUSES: readonly UserStatus[] = ['active', 'active', 'active', 'disabled', 'limited', 'expired', 'on_hold'];
const PROTOCOL_SETS: readonly Protocol[][] = [['vless'], ['vmess'], ['vless', 'trojan'], ['shadowsocks'], ['vmess', 'vless']];

/**
 * Inserts users straight into the state, bypassing HTTP: 100,000 in well under a second.
 * Names are `<prefix><n>`; statuses, limits and protocols vary deterministically with the seed.
 */
export function seedUsers(state: MarzbanState, count: number, options: { prefix?: string; admin?: string } = {}): void {
  const prefix = options.prefix ?? 'user';
  const now = state.clock.now();
  const start = state.users.size;
  for (let i = 1; i <= count; i++) {
    const n = start + i;
    const status = STATUSES[n % STATUSES.length] ?? 'active';
    const protocols = (PROTOCOL_SETS[n % PROTOCOL_SETS.length] ?? ['vless']).filter((p) => state.inboundsOf(p).length > 0);
    const limit = n % 3 === 0 ? null : (n % 5 + 1) * 10 * 2 ** 30;
    const user: EmuUser = {
      username: `${prefix}${i}`,
      proxies: Object.fromEntries(protocols.map((p) => [p, made(state, state.withCredentials(p, {}), undefined, 'proxy')])),
      excluded: new Set(),
      expire: status === 'on_hold' ? null : status === 'expired' ? Math.floor(now / 1000) - 86_400 : n % 4 === 0 ? null : Math.floor(now / 1000) + 30 * 86_400,
      data_limit: status === 'limited' ? 2 ** 30 : limit,
      data_limit_reset_strategy: n % 2 ? 'no_reset' : 'month',
      status,
      note: n % 6 === 0 ? `seeded customer ${n}` : null,
      on_hold_expire_duration: status === 'on_hold' ? 30 * 86_400 : null,
      on_hold_timeout: null,
      auto_delete_in_days: null,
      next_plan: null,
      used_traffic: status === 'limited' ? 2 ** 30 : state.rng.int(0, 5 * 2 ** 30),
      lifetime_used_traffic: 0,
      created_at: now,
      edit_at: now,
      online_at: null,
      admin: options.admin ?? null,
      broken: false,
      credentialRotations: 0,
    };
    state.putUser(made(state, user, undefined, 'user'));
  }
}
