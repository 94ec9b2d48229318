import { systemClock } from '../kit/clock.ts';
import type { FaultInjector } from '../kit/faults.ts';
import { createRng } from '../kit/rng.ts';
import { json, Router } from '../kit/router.ts';
import { startEmulatorServer } from '../kit/server.ts';
import { runningParts, type EmulatorOptions, type RunningEmulator } from '../kit/types.ts';
import { FLUTE_RATE_LIMIT, RouteRateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { blockRoutes } from './routes/blocks.ts';
import { fluteActionRoutes } from './routes/flute-actions.ts';
import { fluteUserRoutes } from './routes/flute-users.ts';
import { userRoutes } from './routes/users.ts';
import { UsersApiState, type UaRole } from './state.ts';
import { summary } from './views.ts';

export { UsersApiState } from './state.ts';

export interface UsersApiEmulatorOptions extends EmulatorOptions {
  keys?: Array<{ key: string; permissions: string[] }>;
  roles?: UaRole[];
  /** `seed`: the documented contract (§1-§6). `flute`: the API module as real installations run it (§4, §7). */
  compat?: 'seed' | 'flute';
  /** Flute only: the throttle (default 60 per minute per route), or false for none. */
  rateLimit?: RateLimitOptions | false;
  /** Flute only: the server's UTC offset in minutes, which `created_at` and block dates carry (§7). */
  timeZoneOffsetMinutes?: number;
}

export interface UsersApiEmulator extends RunningEmulator<UsersApiState> {
  seedUsers(count: number, options?: { prefix?: string }): void;
  /** Requests the Flute throttle answered 429. */
  throttled(): number;
}

const SEED_ROLES: UaRole[] = [
  { id: 1, name: 'admin', description: 'Administrator' },
  { id: 2, name: 'moderator', description: 'Moderator' },
  { id: 3, name: 'user', description: 'User' },
];

/** Flute's installer creates only these two (users-api.md §7). */
const FLUTE_ROLES: UaRole[] = [
  { id: 1, name: 'admin', description: 'Administrator' },
  { id: 2, name: 'user', description: 'User' },
];

/** An in-memory Users API on loopback: the seed contract, or the Flute module (`compat: 'flute'`). */
export async function startUsersApiEmulator(options: UsersApiEmulatorOptions = {}): Promise<UsersApiEmulator> {
  const clock = options.clock ?? systemClock;
  const compat = options.compat ?? 'seed';
  const flute = compat === 'flute';
  const roles = options.roles ?? (flute ? FLUTE_ROLES : SEED_ROLES);
  const state = new UsersApiState(clock, createRng(options.seed ?? 1), roles);
  const faultsRef: { current?: FaultInjector } = {};
  const limit = flute && options.rateLimit !== false ? (options.rateLimit ?? FLUTE_RATE_LIMIT) : undefined;
  const rateLimit = limit ? new RouteRateLimiter(limit, clock) : undefined;
  const ctx = {
    state,
    keys: options.keys ?? [
      { key: 'sandbox-users-api-key', permissions: ['admin.boss'] },
      { key: 'sandbox-readonly-key', permissions: [] },
    ],
    compat,
    faults: () => faultsRef.current,
    ...(rateLimit ? { rateLimit } : {}),
  };
  const router = new Router();
  if (flute) {
    const tz = options.timeZoneOffsetMinutes ?? 0;
    fluteUserRoutes(router, ctx, tz);
    fluteActionRoutes(router, ctx, tz);
  } else {
    userRoutes(router, ctx);
    blockRoutes(router, ctx);
  }
  const server = await startEmulatorServer({
    router,
    notFound: () => json(404, { message: 'Not Found' }),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    dumpState: () => ({ users: [...state.users.values()].filter((u) => !u.deleted).map((u) => ({ ...summary(state, u), roleIds: u.roleIds, block: u.block })) }),
  });
  faultsRef.current = server.faults;
  const roleId = (name: string) => roles.find((r) => r.name === name)?.id;
  return {
    ...runningParts(server, state, clock),
    seedUsers: (count, seedOptions) => {
      const prefix = seedOptions?.prefix ?? 'member';
      const member = roleId('user') ?? 1;
      const extra = roleId('moderator') ?? roleId('admin') ?? 1;
      for (let i = 1; i <= count; i++) {
        const u = state.add(`${prefix}${i}`, `${prefix}${i}@example.com`, state.rng.string(12), [member]);
        u.name = `Member ${prefix} ${i}`;
        if (i % 9 === 0) u.block = { reason: 'Seeded: spam reports', until: null, from: clock.now() };
        if (i % 5 === 0) u.roleIds = [extra, member].sort((a, b) => a - b);
        if (i === 1) u.roleIds = [roleId('admin') ?? 1];
      }
    },
    throttled: () => rateLimit?.refused ?? 0,
    close: () => server.close(),
  };
}
