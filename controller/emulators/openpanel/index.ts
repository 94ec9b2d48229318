import { systemClock } from '../kit/clock.ts';
import type { FaultInjector } from '../kit/faults.ts';
import { createRng } from '../kit/rng.ts';
import { json, Router } from '../kit/router.ts';
import { startEmulatorServer } from '../kit/server.ts';
import { runningParts, type EmulatorOptions, type RunningEmulator } from '../kit/types.ts';
import { OpenPanelAuth, type LoginBucket } from './auth.ts';
import { domainRoutes } from './routes/domains.ts';
import { planRoutes } from './routes/plans.ts';
import { HEALTH, login, sessionRoutes } from './routes/session.ts';
import { CreationLock } from './routes/user-create.ts';
import { userRoutes } from './routes/users.ts';
import { seedAccounts, seedPlans } from './seed.ts';
import { OpenPanelState } from './state.ts';

export { OpenPanelState } from './state.ts';

export interface OpenPanelEmulatorOptions extends EmulatorOptions {
  admin?: { username: string; password: string };
  tokenTtlMs?: number;
  /** false: every /api path answers "API access is disabled" (§1). */
  apiEnabled?: boolean;
  /** true: GET /api/users returns the documented array instead of the real empty list (§3.1). */
  listUsers?: boolean;
  /** true: DELETE /api/plans/{id} really deletes (the real panel does not, §4). */
  realPlanDelete?: boolean;
  /** The login bucket (§9): default a burst of 5, one more every 12 s. */
  loginBucket?: LoginBucket;
  /** false: disk quotas are off, so /api/usage/disk lists nobody (§10.9). Default true. */
  diskQuotas?: boolean;
  /** The server's `password_strength` setting, 1-100 (§10.8); default 50. */
  passwordStrength?: number;
  /** How long opencli user-add runs, holding its lock (default 2 ms; the real one takes seconds). */
  createLatencyMs?: number;
}

export interface OpenPanelEmulator extends RunningEmulator<OpenPanelState> {
  seedAccounts(count: number, options?: { prefix?: string; plan?: string }): void;
  expireAllTokens(): void;
  /** The next `method path` request (e.g. "DELETE /api/users/ob") is carried out, then answered 504. */
  loseNextAnswer(request: string): void;
  /** Another session is creating an account: the next `answers` creates are refused as busy. */
  holdCreationLock(answers: number): void;
}

/** opencli clamps the setting to 1-100 and falls back to 50 when it is missing or not a number (§10.8). */
const clampStrength = (v: number | undefined): number => (v === undefined || !Number.isFinite(v) ? 50 : Math.min(100, Math.max(1, Math.trunc(v))));

const NO_ROUTE = 'This api route does not exist. Please check the documentation: https://openpanel.com/docs/articles/dev-experience/openadmin-api';

/** An in-memory OpenPanel OpenAdmin API (openpanel.md) on loopback. */
export async function startOpenPanelEmulator(options: OpenPanelEmulatorOptions = {}): Promise<OpenPanelEmulator> {
  const clock = options.clock ?? systemClock;
  const state = new OpenPanelState(clock, createRng(options.seed ?? 1));
  seedPlans(state);
  const faultsRef: { current?: FaultInjector } = {};
  const auth = new OpenPanelAuth(state, options.admin ?? { username: 'admin', password: 'sandbox-op-pass' }, options.tokenTtlMs ?? 15 * 60 * 1000, () => faultsRef.current, options.loginBucket);
  const ctx = { state, auth, options: { listUsers: options.listUsers ?? false, realPlanDelete: options.realPlanDelete ?? false, diskQuotas: options.diskQuotas ?? true, passwordStrength: clampStrength(options.passwordStrength) }, lostAnswers: [] as string[], creation: new CreationLock(options.createLatencyMs ?? 2) };
  const router = new Router();
  if (options.apiEnabled !== false) for (const register of [sessionRoutes, userRoutes, planRoutes, domainRoutes]) register(router, ctx);

  const server = await startEmulatorServer({
    router,
    notFound: (req) => {
      if (options.apiEnabled === false) return json(404, { error: 'API access is disabled! To enable api access OpenAdmin > Settings' });
      // An unmatched GET under /api/ is the health route, an unmatched POST the login (§9).
      if (req.path.startsWith('/api/') && req.method === 'GET') return json(200, HEALTH);
      if (req.path.startsWith('/api/') && req.method === 'POST') return login(ctx, req);
      return json(404, { error: NO_ROUTE });
    },
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    dumpState: () => ({
      accounts: [...state.accounts.values()].map(({ salt: _s, passwordHash: _p, ...rest }) => rest),
      plans: [...state.plans.values()],
      domains: [...state.domains.values()],
    }),
  });
  faultsRef.current = server.faults;
  return {
    ...runningParts(server, state, clock),
    seedAccounts: (count, seedOptions) => seedAccounts(state, count, seedOptions),
    expireAllTokens: () => auth.expireAll(),
    loseNextAnswer: (request) => void ctx.lostAnswers.push(request),
    holdCreationLock: (answers) => ctx.creation.holdFor(answers),
    close: () => server.close(),
  };
}
