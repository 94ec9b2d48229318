import { loginOf } from '../credentials.ts';
import type { KindHandler } from '../kind-handler.ts';
import { sessionFromHandlers } from '../kind-handler.ts';
import type { PanelFacts, Provider } from '../types.ts';
import { MarzbanClient } from './client.ts';
import { API_VERSION } from './constants.ts';
import { detectRelease } from './release.ts';
import { adminHandler } from './resources/admin.ts';
import { hostsHandler } from './resources/hosts.ts';
import { nodeHandler } from './resources/node.ts';
import { userTemplateHandler } from './resources/user-template.ts';
import { userHandler } from './resources/user.ts';

const handlers: readonly KindHandler<MarzbanClient>[] = [adminHandler, userTemplateHandler, nodeHandler, hostsHandler, userHandler];

/** Marzban (marzban.md): Admin, UserTemplate, Node, Hosts and User. */
export const marzbanProvider: Provider = {
  type: 'marzban',
  apiVersion: API_VERSION,
  kinds: handlers.map((h) => h.descriptor),
  authFields: [['username', 'password']],
  // GET /api/users has no maximum page size (§6). Pages of 5,000 (about 4 MB) are read as a
  // stream, so fewer, larger pages cost no memory and save round trips.
  defaultLimits: { concurrency: 4, requestsPerSecond: 20, timeoutMs: 30_000, pageSize: 5000, batchSize: 1 },
  async connect(panel, ctx) {
    const client = new MarzbanClient(ctx.http, loginOf(panel));
    await client.login();
    // Shapes and routes differ by release (release.ts): read it once per session.
    client.facts.release = await detectRelease(client);
    let inbounds: Promise<void> | undefined;
    const readFacts = async (): Promise<PanelFacts> => {
      inbounds ??= client.inbounds().then((byProtocol) => {
        client.facts.inboundTags = new Set(Object.values(byProtocol).flatMap((list) => (list ?? []).map((i) => i.tag)));
      });
      await inbounds;
      return client.facts;
    };
    return sessionFromHandlers(handlers, client, panel.limits, readFacts);
  },
};
