import { systemClock } from '../kit/clock.ts';
import { createRng } from '../kit/rng.ts';
import { json, Router } from '../kit/router.ts';
import { startEmulatorServer } from '../kit/server.ts';
import { runningParts, type EmulatorOptions, type RunningEmulator } from '../kit/types.ts';
import { hasProxyHeaders, RemnawaveAuth } from './auth.ts';
import { bulkRoutes } from './routes/bulk.ts';
import { routeContext } from './routes/context.ts';
import { hostRoutes } from './routes/hosts.ts';
import { nodeRoutes } from './routes/nodes.ts';
import { profileRoutes } from './routes/profiles.ts';
import { squadRoutes } from './routes/squads.ts';
import { systemRoutes } from './routes/system.ts';
import { userRoutes } from './routes/users.ts';
import { RemnawaveState } from './state.ts';
import { runStatusJobs } from './user-write.ts';
import { hostView, nodeView, squadView, userView } from './views.ts';

export { RemnawaveState } from './state.ts';

export interface RemnawaveEmulatorOptions extends EmulatorOptions {
  /** The release `GET /api/system/metadata` reports (default 3.3.2). */
  version?: string;
  /** The API token the panel accepts with every scope (more through `issueToken`). */
  apiToken?: string;
  admin?: { username: string; password: string };
}

export interface RemnawaveEmulator extends RunningEmulator<RemnawaveState> {
  apiToken: string;
  /** The panel's background jobs once (§4.4): EXPIRED past the expiry, LIMITED past the limit. */
  tick(): void;
  setUsedTraffic(username: string, bytes: number): void;
  issueToken(token: string, scopes: string[]): void;
  revokeToken(token: string): void;
}

export const REMNAWAVE_SANDBOX_TOKEN = 'sandbox-remnawave-api-token';

/** An in-memory Remnawave 3.3.2 (remnawave.md) on loopback. */
export async function startRemnawaveEmulator(options: RemnawaveEmulatorOptions = {}): Promise<RemnawaveEmulator> {
  const clock = options.clock ?? systemClock;
  const apiToken = options.apiToken ?? REMNAWAVE_SANDBOX_TOKEN;
  const state = new RemnawaveState(options.version ?? '3.3.2', createRng(options.seed ?? 1), clock, 'sub.example/api/sub');
  state.seedDefaults();
  const auth = new RemnawaveAuth(state, options.admin ?? { username: 'admin', password: 'sandbox-remnawave-admin-Pass1' });
  auth.issue(apiToken);
  const router = new Router();
  const ctx = routeContext(state, auth);
  // Bulk first: its literal paths must win over the `/api/users/:id` patterns.
  for (const register of [bulkRoutes, userRoutes, squadRoutes, profileRoutes, nodeRoutes, hostRoutes, systemRoutes]) register(router, ctx);

  const server = await startEmulatorServer({
    router,
    admits: hasProxyHeaders,
    notFound: (req) => json(404, { message: `Cannot ${req.method} ${req.path}`, error: 'Not Found', statusCode: 404 }),
    badBody: () => json(400, { message: 'Unexpected token in JSON', error: 'Bad Request', statusCode: 400 }),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    dumpState: () => ({
      version: state.version,
      users: [...state.users.values()].map((u) => userView(state, u)),
      squads: [...state.squads.values()].map((s) => squadView(state, s)),
      nodes: [...state.nodes.values()].map((n) => nodeView(state, n)),
      hosts: [...state.hosts.values()].map(hostView),
    }),
  });
  return {
    ...runningParts(server, state, clock),
    apiToken,
    tick: () => runStatusJobs(state),
    setUsedTraffic: (username, bytes) => {
      const u = state.userByName(username);
      if (!u) throw new Error(`no user ${username}`);
      u.used = bytes;
      u.lifetimeUsed = Math.max(u.lifetimeUsed, bytes);
    },
    issueToken: (token, scopes) => auth.issue(token, scopes),
    revokeToken: (token) => auth.revoke(token),
    close: () => server.close(),
  };
}
