import { systemClock } from '../kit/clock.ts';
import type { FaultInjector } from '../kit/faults.ts';
import { createRng } from '../kit/rng.ts';
import { Router } from '../kit/router.ts';
import { startEmulatorServer } from '../kit/server.ts';
import { runningParts, type EmulatorOptions, type RunningEmulator } from '../kit/types.ts';
import { bare, XuiAuth } from './auth.ts';
import { startDelayedExpiry, tick, TICK_MS, type TickResult } from './depletion.ts';
import { addInbound, DEFAULT_INBOUNDS } from './inbounds.ts';
import { bulkRoutes } from './routes/bulk.ts';
import { clientRoutes, listItem } from './routes/clients.ts';
import { groupRoutes } from './routes/groups.ts';
import { inboundRoutes } from './routes/inbounds.ts';
import { pagedRoutes } from './routes/paged.ts';
import { sessionRoutes } from './routes/session.ts';
import { seedClients } from './seed.ts';
import { XuiState } from './state.ts';
import type { XuiInboundInput } from './types.ts';
import { LATEST_XUI_VERSION, traitsOf, type XuiVersion } from './versions.ts';

export { XuiState } from './state.ts';
export { XUI_VERSIONS, type XuiVersion } from './versions.ts';

export interface XuiEmulatorOptions extends EmulatorOptions {
  apiToken?: string;
  admin?: { username: string; password: string };
  /** The web base path: '' (default) or e.g. '/AbCd'. */
  basePath?: string;
  inbounds?: XuiInboundInput[];
  /** Run the 5-second depletion job on a timer (default: only through tick()). */
  backgroundJobs?: boolean;
  expireDiff?: number;
  trafficDiff?: number;
  /** The release to play, which decides its routes and how updates treat credentials and flow (§12.17); default the newest. */
  version?: XuiVersion;
  /** Client fields of a newer release (name → starting value), which update resets when left out (§12.18). */
  extraClientFields?: Record<string, unknown>;
}

export interface XuiEmulator extends RunningEmulator<XuiState> {
  tick(): TickResult;
  setTraffic(email: string, up: number, down: number): void;
  seedClients(count: number, options?: { prefix?: string; inboundTags?: string[] }): void;
  failInboundIds(ids: number[]): void;
}

/** An in-memory 3x-ui panel (3x-ui.md), v3.0 (no clients API) to v3.6, on loopback. */
export async function startXuiEmulator(options: XuiEmulatorOptions = {}): Promise<XuiEmulator> {
  const clock = options.clock ?? systemClock;
  const rng = createRng(options.seed ?? 1);
  const version = options.version ?? LATEST_XUI_VERSION;
  const state = new XuiState(clock, rng, { expireDiff: options.expireDiff ?? 0, trafficDiff: options.trafficDiff ?? 0 }, [], {
    release: traitsOf(version),
    extraFields: options.extraClientFields ?? {},
  });
  for (const input of options.inbounds ?? DEFAULT_INBOUNDS) addInbound(state, input);
  const faultsRef: { current?: FaultInjector } = {};
  const auth = new XuiAuth(rng, options.apiToken ?? 'sandbox-xui-token-0123456789abcdef0123456789abcdef', options.admin ?? { username: 'admin', password: 'sandbox-xui-pass' }, () => faultsRef.current);
  const ctx = { state, auth, base: (options.basePath ?? '').replace(/\/$/, ''), version };
  const router = new Router();
  for (const register of [sessionRoutes, pagedRoutes, clientRoutes, bulkRoutes, groupRoutes, inboundRoutes]) register(router, ctx);

  const server = await startEmulatorServer({
    router,
    // Unknown routes and wrong methods: a bare 404 (§1).
    notFound: () => bare(404),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    dumpState: () => ({ clients: [...state.clientsById.values()].map((c) => listItem(state, c)), groups: [...state.groups] }),
  });
  faultsRef.current = server.faults;
  const timer = options.backgroundJobs ? setInterval(() => tick(state), TICK_MS) : undefined;

  return {
    ...runningParts(server, state, clock),
    url: `${server.url}${ctx.base}`,
    tick: () => tick(state),
    setTraffic: (email, up, down) => {
      const row = state.traffic.get(email);
      if (!row) throw new Error(`no traffic row for ${email}`);
      row.up = up;
      row.down = down;
      const c = state.clients.get(email);
      if (c && up + down > 0) startDelayedExpiry(state, c);
      state.touch();
    },
    seedClients: (count, seedOptions) => seedClients(state, count, seedOptions),
    failInboundIds: (ids) => {
      state.failInboundIds.clear();
      for (const id of ids) state.failInboundIds.add(id);
    },
    close: async () => {
      if (timer) clearInterval(timer);
      await server.close();
    },
  };
}
