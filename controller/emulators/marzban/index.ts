import { systemClock } from '../kit/clock.ts';
import { createRng } from '../kit/rng.ts';
import { json, Router } from '../kit/router.ts';
import { startEmulatorServer } from '../kit/server.ts';
import { runningParts, type EmulatorOptions, type RunningEmulator } from '../kit/types.ts';
import type { FaultInjector } from '../kit/faults.ts';
import { TokenAuthority } from './auth.ts';
import { adminRoutes } from './routes/admin.ts';
import { configRoutes } from './routes/config.ts';
import { nodeRoutes } from './routes/nodes.ts';
import { templateRoutes } from './routes/templates.ts';
import { userRoutes } from './routes/user.ts';
import { usersRoutes } from './routes/users.ts';
import { seedUsers } from './seed.ts';
import { MarzbanState } from './state.ts';
import { DEFAULT_INBOUNDS, type EmuInbound, type MarzbanVersion, type Protocol } from './types.ts';
import { connectNodes } from './node-lifecycle.ts';
import { runStatusJob } from './user-lifecycle.ts';
import { userResponse } from './views.ts';
import { malformedJson } from './wording.ts';

export { MarzbanState } from './state.ts';
export { userResponse } from './views.ts';

export interface MarzbanEmulatorOptions extends EmulatorOptions {
  /** The env sudoer (not in the DB). */
  sudo?: { username: string; password: string };
  inbounds?: EmuInbound[];
  tokenTtlMs?: number;
  /** The release to reproduce (default 0.8.4). */
  version?: MarzbanVersion;
  /** Names compared exactly, as on SQLite panels of every release (§13-§15, the default); false: a MySQL panel, which folds case. */
  caseSensitive?: boolean;
  /** A fresh database: template tags no user or host write referenced yet are dropped (§14). */
  freshDatabase?: boolean;
  /** Node addresses that never answer: such nodes go to `error` on the next tick (§14). */
  unreachableNodes?: readonly string[];
  /** Run the 10-second status job on a timer (default: only through tick()). */
  backgroundJobs?: boolean;
}

export interface MarzbanEmulator extends RunningEmulator<MarzbanState> {
  /** The background jobs once: user statuses (§5.3) and node connects (§8). */
  tick(): void;
  setUsedTraffic(username: string, bytes: number): void;
  setOnline(username: string, at: Date): void;
  addInbound(tag: string, protocol: Protocol, network?: string, port?: number): void;
  revokeAllTokens(): void;
  seedUsers(count: number, options?: { prefix?: string; admin?: string }): void;
}

/** An in-memory Marzban (marzban.md) on loopback. */
export async function startMarzbanEmulator(options: MarzbanEmulatorOptions = {}): Promise<MarzbanEmulator> {
  const clock = options.clock ?? systemClock;
  const version = options.version ?? '0.8.4';
  const db = { caseSensitive: options.caseSensitive ?? true, freshDatabase: options.freshDatabase ?? false };
  const state = new MarzbanState(version, createRng(options.seed ?? 1), clock, options.inbounds ?? DEFAULT_INBOUNDS, db);
  const unreachable = new Set(options.unreachableNodes ?? []);
  // The server (and so its fault injector) starts after the routes that consult it.
  const faultsRef: { current?: FaultInjector } = {};
  const auth = new TokenAuthority(state, options.sudo ?? { username: 'admin', password: 'sandbox-admin-pass' }, options.tokenTtlMs ?? 24 * 3600 * 1000, () => faultsRef.current);
  const router = new Router();
  const ctx = { state, auth };
  for (const register of [adminRoutes, userRoutes, usersRoutes, configRoutes, templateRoutes, nodeRoutes]) register(router, ctx);

  const server = await startEmulatorServer({
    router,
    notFound: (_req, pathMatched) => json(pathMatched ? 405 : 404, { detail: pathMatched ? 'Method Not Allowed' : 'Not Found' }),
    badBody: (req) => json(422, { detail: notJson(req.rawBody.toString('utf8')) ? malformedJson(state.version, req.rawBody.toString('utf8')) : { body: 'Invalid JSON' } }),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    dumpState: () => ({
      version: state.version,
      users: [...state.users.values()].map((u) => userResponse(state, u)),
      admins: [...state.admins.values()].map((a) => ({ username: a.username, is_sudo: a.is_sudo })),
      nodes: [...state.nodes.values()],
      templates: [...state.templates.keys()],
    }),
  });
  faultsRef.current = server.faults;
  const jobs = () => {
    runStatusJob(state);
    connectNodes(state, unreachable);
  };
  const timer = options.backgroundJobs ? setInterval(jobs, 10_000) : undefined;
  const user = (username: string) => {
    const u = state.findUser(username);
    if (!u) throw new Error(`no user ${username}`);
    return u;
  };

  return {
    ...runningParts(server, state, clock),
    tick: jobs,
    setUsedTraffic: (username, bytes) => {
      user(username).used_traffic = bytes;
    },
    setOnline: (username, at) => {
      user(username).online_at = at.getTime();
    },
    addInbound: (tag, protocol, network = 'tcp', port = 10_000 + state.inbounds.length) => state.addInbound({ tag, protocol, network, tls: 'none', port }),
    revokeAllTokens: () => auth.revokeAll(),
    seedUsers: (count, seedOptions) => seedUsers(state, count, seedOptions),
    close: async () => {
      if (timer) clearInterval(timer);
      await server.close();
    },
  };
}

const notJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
};
