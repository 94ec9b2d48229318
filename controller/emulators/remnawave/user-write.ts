import { coded, invalid } from './errors.ts';
import type { RemnawaveState } from './state.ts';
import type { EmuUser, UserStatus } from './types.ts';
import { parseDate, validateUserBody } from './user-validate.ts';

const NULLABLE = ['telegramId', 'email', 'description', 'tag', 'hwidDeviceLimit', 'externalSquadUuid'] as const;

/** Squads must all exist, once each; otherwise the single insert fails whole (§4.6, §4.3). */
function squadsValid(state: RemnawaveState, list: unknown): list is string[] {
  if (!Array.isArray(list)) return false;
  return new Set(list).size === list.length && list.every((u) => state.squads.has(String(u)));
}

const externalValid = (value: unknown): boolean => value === undefined || value === null;

/** POST /api/users (§4.6): one insert of the user and its squads, or nothing (the id is spent either way). */
export function createUser(state: RemnawaveState, body: Record<string, unknown>): EmuUser {
  validateUserBody(body, 'create');
  const id = state.nextUserId();
  const username = body.username as string;
  if (typeof body.trafficLimitBytes === 'number' && !Number.isInteger(body.trafficLimitBytes)) coded(500, 'A018', 'Failed to create user');
  if (state.userByName(username)) coded(400, 'A019', 'User username already exists');
  if (typeof body.shortUuid === 'string' && state.userByShortUuid(body.shortUuid)) coded(400, 'A020', 'User short UUID already exists');
  if (body.activeInternalSquads !== undefined && !squadsValid(state, body.activeInternalSquads)) coded(500, 'A018', 'Failed to create user');
  if (!externalValid(body.externalSquadUuid)) coded(500, 'A018', 'Failed to create user');
  const now = state.now();
  const u: EmuUser = {
    id,
    username,
    shortUuid: typeof body.shortUuid === 'string' ? body.shortUuid : state.shortUuid(),
    status: (body.status as UserStatus | undefined) ?? 'ACTIVE',
    trafficLimitBytes: (body.trafficLimitBytes as number | undefined) ?? 0,
    trafficLimitStrategy: (body.trafficLimitStrategy as string | undefined) ?? 'NO_RESET',
    expireAt: parseDate(body.expireAt) ?? now,
    telegramId: null,
    email: null,
    description: null,
    tag: null,
    hwidDeviceLimit: null,
    externalSquadUuid: null,
    vlessUuid: typeof body.vlessUuid === 'string' ? body.vlessUuid : state.uuid(),
    trojanPassword: typeof body.trojanPassword === 'string' ? body.trojanPassword : state.password(),
    ssPassword: typeof body.ssPassword === 'string' ? body.ssPassword : state.password(),
    lastTriggeredThreshold: 0,
    subRevokedAt: null,
    lastTrafficResetAt: parseDate(body.lastTrafficResetAt) ?? null,
    createdAt: parseDate(body.createdAt) ?? now,
    updatedAt: now,
    squads: body.activeInternalSquads ? [...(body.activeInternalSquads as string[])] : [],
    used: 0,
    lifetimeUsed: 0,
  };
  for (const f of NULLABLE) if (body[f] !== undefined) (u as unknown as Record<string, unknown>)[f] = body[f];
  state.users.set(id, u);
  return u;
}

/**
 * PATCH /api/users (§4.3, §4.4): `id` wins over `username`; omitted fields are kept, null
 * clears; credentials and shortUuid are not read at all; squads are replaced as a set, in one
 * transaction with the rest; `updatedAt` moves even when nothing else does.
 */
export function patchUser(state: RemnawaveState, body: Record<string, unknown>): EmuUser {
  if (body.id === undefined && body.username === undefined) invalid([{ path: [], message: 'At least one of username, id must be provided', code: 'custom' }]);
  validateUserBody(body, 'update');
  const u = typeof body.id === 'number' ? state.users.get(body.id) : state.userByName(String(body.username));
  if (!u) return coded(404, 'A025', 'User not found');
  const now = state.now();
  const expireAt = body.expireAt !== undefined ? (parseDate(body.expireAt) as number) : undefined;
  if (expireAt !== undefined && expireAt <= now) invalid([{ path: ['expireAt'], message: 'Expiration date cannot be in the past', code: 'custom' }]);
  const limit = body.trafficLimitBytes as number | undefined;
  if (limit !== undefined && !Number.isInteger(limit)) coded(500, 'A039', 'Update user error');
  if (body.activeInternalSquads !== undefined && !squadsValid(state, body.activeInternalSquads)) coded(500, 'A039', 'Update user error');
  if (!externalValid(body.externalSquadUuid)) coded(500, 'A039', 'Update user error');

  const before = { status: u.status, limit: u.trafficLimitBytes, expireAt: u.expireAt };
  if (limit !== undefined) {
    u.trafficLimitBytes = limit;
    u.lastTriggeredThreshold = 0;
  }
  if (body.trafficLimitStrategy !== undefined) u.trafficLimitStrategy = body.trafficLimitStrategy as string;
  if (expireAt !== undefined) u.expireAt = expireAt;
  for (const f of NULLABLE) if (body[f] !== undefined) (u as unknown as Record<string, unknown>)[f] = body[f];
  u.status = nextStatus(before, body.status as 'ACTIVE' | 'DISABLED' | undefined, limit, expireAt);
  if (body.activeInternalSquads !== undefined) u.squads = [...(body.activeInternalSquads as string[])];
  u.updatedAt = now;
  return u;
}

/** §4.4, including its traps: DISABLED is a silent no-op on LIMITED and EXPIRED; ACTIVE re-enables them. */
function nextStatus(before: { status: UserStatus; limit: number; expireAt: number }, asked: 'ACTIVE' | 'DISABLED' | undefined, limit: number | undefined, expireAt: number | undefined): UserStatus {
  if (asked === 'ACTIVE') return 'ACTIVE';
  if (asked === 'DISABLED') return before.status === 'ACTIVE' ? 'DISABLED' : before.status;
  if (before.status === 'LIMITED' && limit !== undefined && (limit === 0 || limit > before.limit)) return 'ACTIVE';
  if (before.status === 'EXPIRED' && expireAt !== undefined && expireAt !== before.expireAt) return 'ACTIVE';
  return before.status;
}

/** The panel's jobs (§4.4): past expiry → EXPIRED (ACTIVE and LIMITED users), used ≥ limit → LIMITED (ACTIVE users). */
export function runStatusJobs(state: RemnawaveState): void {
  const now = state.now();
  for (const u of state.users.values()) {
    if ((u.status === 'ACTIVE' || u.status === 'LIMITED') && u.expireAt <= now) u.status = 'EXPIRED';
    else if (u.status === 'ACTIVE' && u.trafficLimitBytes > 0 && u.used >= u.trafficLimitBytes) u.status = 'LIMITED';
  }
}
