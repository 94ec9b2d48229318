import type { KindHandler } from '../kind-handler.ts';
import { sessionFromHandlers } from '../kind-handler.ts';
import type { Provider } from '../types.ts';
import { Catalog, type RemnawaveContext } from './catalog.ts';
import { RemnawaveClient } from './client.ts';
import { API_VERSION, MAX_STREAM_PAGE } from './constants.ts';
import { hostHandler } from './resources/host.ts';
import { internalSquadHandler } from './resources/internal-squad.ts';
import { nodeHandler } from './resources/node.ts';
import { userHandler } from './resources/user.ts';
import { checkVersion, type RemnawaveFacts } from './version.ts';

const handlers: readonly KindHandler<RemnawaveContext>[] = [internalSquadHandler, nodeHandler, hostHandler, userHandler];

/** Remnawave 3.x (remnawave.md): User, InternalSquad, Node and Host; config profiles are read as references. */
export const remnawaveProvider: Provider = {
  type: 'remnawave',
  apiVersion: API_VERSION,
  kinds: handlers.map((h) => h.descriptor),
  authFields: [['token']],
  // The user stream serves at most 1,000 rows a page (§5); the panel has no rate limit of its own (§1).
  defaultLimits: { concurrency: 4, requestsPerSecond: 20, timeoutMs: 30_000, pageSize: MAX_STREAM_PAGE, batchSize: 1 },
  async connect(panel, ctx) {
    const token = panel.auth.token;
    if (!token) throw new Error(`panel ${panel.name}: auth.token is required (an API token made in the Remnawave dashboard)`);
    const api = new RemnawaveClient(ctx.http, token);
    // The first request checks the token and the release; 2.x shapes are refused here (version.ts).
    const version = checkVersion(panel.name, (await api.metadata())?.version);
    const context: RemnawaveContext = { api, catalog: new Catalog(api), version };
    const facts = async (): Promise<RemnawaveFacts> => ({
      version,
      inboundTags: new Set((await context.catalog.inbounds()).keys()),
      profiles: new Map((await context.catalog.profiles()).map((p) => [p.name, new Set((p.inbounds ?? []).map((i) => i.tag))])),
    });
    return sessionFromHandlers(handlers, context, panel.limits, facts);
  },
};
