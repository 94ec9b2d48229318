import { systemClock } from '../kit/clock.ts';
import { createRng } from '../kit/rng.ts';
import { json, Router } from '../kit/router.ts';
import { startEmulatorServer } from '../kit/server.ts';
import { runningParts, type EmulatorOptions, type RunningEmulator } from '../kit/types.ts';
import { TokenAuthority } from './auth.ts';
import { adminRoutes } from './routes/admin.ts';
import { groupRoutes } from './routes/groups.ts';
import { hostRoutes } from './routes/hosts.ts';
import { nodeRoutes } from './routes/nodes.ts';
import { systemRoutes } from './routes/system.ts';
import { templateRoutes } from './routes/templates.ts';
import { userRoutes } from './routes/user.ts';
import { usersRoutes } from './routes/users.ts';
import { seedUsers } from './seed.ts';
import { PasarGuardState } from './state.ts';
import { reviewUsers } from './user-lifecycle.ts';
import { userResponse } from './views.ts';

export { PasarGuardState } from './state.ts';

export interface PasarGuardEmulatorOptions extends EmulatorOptions {
  /** The owner made by the setup flow (role id 1). */
  owner?: { username: string; password: string };
  /** Inbound tags of the core config (a fresh panel has one, §11). */
  inbounds?: readonly string[];
  tokenTtlMs?: number;
  /** What GET /api/system answers as `version` (default 5.2.1). */
  version?: string;
  /** Node addresses that never answer: such nodes go to `error` on the next tick (§10). */
  unreachableNodes?: readonly string[];
  /** Run the 30-second jobs on a timer (default: only through tick()). */
  backgroundJobs?: boolean;
}

export interface PasarGuardEmulator extends RunningEmulator<PasarGuardState> {
  /** The background jobs once: user review (§5.4) and node connects (§10). */
  tick(): void;
  setUsedTraffic(username: string, bytes: number): void;
  setOnline(username: string, at: Date): void;
  revokeAllTokens(): void;
  seedUsers(count: number, options?: { prefix?: string; adminId?: number | null; groupIds?: number[] }): void;
}

export const DEFAULT_OWNER = { username: 'owner', password: 'Sandbox-Owner-12!' };

/** An in-memory PasarGuard v5.2.1 (pasarguard.md) on loopback. */
export async function startPasarGuardEmulator(options: PasarGuardEmulatorOptions = {}): Promise<PasarGuardEmulator> {
  const clock = options.clock ?? systemClock;
  const state = new PasarGuardState(options.version ?? '5.2.1', createRng(options.seed ?? 1), clock, options.inbounds ?? ['Shadowsocks TCP']);
  const owner = options.owner ?? DEFAULT_OWNER;
  state.addAdmin(owner.username, owner.password, 1);
  const unreachable = new Set(options.unreachableNodes ?? []);
  const auth = new TokenAuthority(state, options.tokenTtlMs ?? 1440 * 60_000);
  const router = new Router();
  const ctx = { state, auth };
  for (const register of [adminRoutes, userRoutes, usersRoutes, groupRoutes, templateRoutes, hostRoutes, nodeRoutes, systemRoutes]) register(router, ctx);

  const server = await startEmulatorServer({
    router,
    notFound: (_req, pathMatched) => json(pathMatched ? 405 : 404, { detail: pathMatched ? 'Method Not Allowed' : 'Not Found' }),
    badBody: () => json(422, { detail: { 1: 'JSON decode error' } }),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    dumpState: () => ({
      version: state.version,
      users: [...state.users.values()].map((u) => userResponse(state, u, false)),
      groups: [...state.groups.values()],
      templates: [...state.templates.values()],
      hosts: [...state.hosts.values()],
      nodes: [...state.nodes.values()].map((n) => ({ ...n, api_key: undefined, server_ca: undefined })),
    }),
  });
  const jobs = () => {
    reviewUsers(state);
    for (const node of state.nodes.values()) {
      if (node.status !== 'connecting') continue;
      node.status = unreachable.has(node.address) ? 'error' : 'connected';
      node.message = node.status === 'error' ? '[Errno 111] Connection refused' : null;
    }
  };
  const timer = options.backgroundJobs ? setInterval(jobs, 30_000) : undefined;
  const user = (username: string) => state.users.get(username) ?? (() => { throw new Error(`no user ${username}`); })();

  return {
    ...runningParts(server, state, clock),
    tick: jobs,
    setUsedTraffic: (username, bytes) => {
      user(username).used_traffic = bytes;
    },
    setOnline: (username, at) => {
      user(username).online_at = at.getTime();
    },
    revokeAllTokens: () => auth.revokeAll(),
    seedUsers: (count, seedOptions) => seedUsers(state, count, seedOptions),
    close: async () => {
      if (timer) clearInterval(timer);
      await server.close();
    },
  };
}
