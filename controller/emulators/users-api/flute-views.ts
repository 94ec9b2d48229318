import type { UaUser, UsersApiState } from './state.ts';

/**
 * The Flute API module's user shapes (users-api.md §4, §7): `name` and `login` (null for
 * temporary users), `is_blocked`, roles as names even in the detail, `created_at` in the
 * server's time zone, and block dates as serialized PHP DateTime objects.
 */

/** ISO-8601 with the server's offset, as PHP's `format('c')` writes it. */
export function phpIso(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().replace(/\.\d{3}Z$/, '');
  return `${local}${offset(offsetMinutes)}`;
}

/** What json_encode makes of a DateTimeImmutable: `{date, timezone_type, timezone}`. */
export function phpDateTime(ms: number, offsetMinutes: number): { date: string; timezone_type: number; timezone: string } {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().replace('T', ' ').replace('Z', '000');
  return offsetMinutes === 0 ? { date: local, timezone_type: 3, timezone: 'UTC' } : { date: local, timezone_type: 1, timezone: offset(offsetMinutes) };
}

function offset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const roleNames = (state: UsersApiState, u: UaUser) => u.roleIds.map((id) => state.roles.find((r) => r.id === id)?.name).filter((n) => n !== undefined);

export const fluteSummary = (state: UsersApiState, u: UaUser, tz: number) => ({
  id: u.id,
  name: u.name,
  login: u.temporary ? null : u.username,
  email: u.email,
  avatar: null,
  created_at: phpIso(u.createdAt, tz),
  is_online: u.lastLogged !== null && state.clock.now() - u.lastLogged <= 600_000,
  is_blocked: state.isBlocked(u),
  roles: roleNames(state, u),
});

/** The entity a block names as `blockedBy`: the whole user, serialized (§7). */
const blockedBy = (state: UsersApiState, tz: number) => {
  const admin = state.users.get(1);
  return admin ? { id: admin.id, login: admin.username, name: admin.name, email: admin.email, verified: true, hidden: false, isTemporary: false, balance: 0, createdAt: phpDateTime(admin.createdAt, tz) } : null;
};

/** The detail adds these with PHP `+=`, which keeps the earlier `roles` (names). */
export const fluteDetail = (state: UsersApiState, u: UaUser, tz: number) => ({
  ...fluteSummary(state, u, tz),
  banner: null,
  last_logged: u.lastLogged === null ? null : phpIso(u.lastLogged, tz),
  block_info:
    state.isBlocked(u) && u.block
      ? { reason: u.block.reason, blockedBy: blockedBy(state, tz), blockedFrom: phpDateTime(u.block.from ?? u.updatedAt, tz), blockedUntil: u.block.until === null ? null : phpDateTime(u.block.until, tz) }
      : null,
  social_networks: fluteSocial(u, tz),
  devices: u.devices.map((d) => ({ id: d.id, ip: d.ip, device_details: d.user_agent })),
});

export const fluteSocial = (u: UaUser, tz: number) =>
  u.social.map((s) => ({ id: s.id, network: s.network, value: s.profile_url, url: s.profile_url, name: null, hidden: false, linked_at: phpIso(s.linkedAt, tz) }));
