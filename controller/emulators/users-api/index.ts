import { systemClock } from '../kit/clock.ts';
import type { FaultInjector } from '../kit/faults.ts';
import { createRng } from '../kit/rng.ts';
import { json, Router } from '../kit/router.ts';
import { startEmulatorServer } from '../kit/server.ts';
import { runningParts, type EmulatorOptions, type RunningEmulator } from '../kit/types.ts';
import { blockRoutes } from './routes/blocks.ts';
import { userRoutes } from './routes/users.ts';
import { UsersApiState, type UaRole } from './state.ts';
import { summary } from './views.ts';

export { UsersApiState } from './state.ts';

export interface UsersApiEmulatorOptions extends EmulatorOptions {
  keys?: Array<{ key: string; permissions: string[] }>;
  roles?: UaRole[];
  compat?: 'seed' | 'flute';
}

export interface UsersApiEmulator extends RunningEmulator<UsersApiState> {
  seedUsers(count: number, options?: { prefix?: string }): void;
}

const DEFAULT_ROLES: UaRole[] = [
  { id: 1, name: 'admin', description: 'Administrator' },
  { id: 2, name: 'moderator', description: 'Moderator' },
  { id: 3, name: 'user', description: 'User' },
];

/** An in-memory Users API (users-api.md, the seed contract) on loopback. */
export async function startUsersApiEmulator(options: UsersApiEmulatorOptions = {}): Promise<UsersApiEmulator> {
  const clock = options.clock ?? systemClock;
  const state = new UsersApiState(clock, createRng(options.seed ?? 1), options.roles ?? DEFAULT_ROLES);
  const faultsRef: { current?: FaultInjector } = {};
  const ctx = {
    state,
    keys: options.keys ?? [
      { key: 'sandbox-users-api-key', permissions: ['admin.boss'] },
      { key: 'sandbox-readonly-key', permissions: [] },
    ],
    compat: options.compat ?? 'seed',
    faults: () => faultsRef.current,
  };
  const router = new Router();
  userRoutes(router, ctx);
  blockRoutes(router, ctx);
  const server = await startEmulatorServer({
    router,
    notFound: () => json(404, { message: 'Not Found' }),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    dumpState: () => ({ users: [...state.users.values()].filter((u) => !u.deleted).map((u) => ({ ...summary(state, u), roleIds: u.roleIds, block: u.block })) }),
  });
  faultsRef.current = server.faults;
  return {
    ...runningParts(server, state, clock),
    seedUsers: (count, seedOptions) => {
      const prefix = seedOptions?.prefix ?? 'member';
      for (let i = 1; i <= count; i++) {
        const u = state.add(`${prefix}${i}`, `${prefix}${i}@example.com`, state.rng.string(12), [3]);
        if (i % 9 === 0) u.block = { reason: 'Seeded: spam reports', until: null };
        if (i % 5 === 0) u.roleIds = [2, 3];
        if (i === 1) u.roleIds = [1];
      }
    },
    close: () => server.close(),
  };
}
