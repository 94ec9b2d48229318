import type { KindHandler } from '../kind-handler.ts';
import { sessionFromHandlers } from '../kind-handler.ts';
import type { Provider } from '../types.ts';
import { XuiApi, type XuiAuth } from './client.ts';
import { API_VERSION } from './constants.ts';
import { XuiContext } from './context.ts';
import { clientHandler } from './resources/client.ts';
import { groupHandler } from './resources/group.ts';

const handlers: readonly KindHandler<XuiContext>[] = [groupHandler, clientHandler];

/** 3x-ui v3.1+ (3x-ui.md): Client (attach / detach by inbound tag) and Group. */
export const xuiProvider: Provider = {
  type: '3x-ui',
  apiVersion: API_VERSION,
  kinds: handlers.map((h) => h.descriptor),
  authFields: [['token'], ['username', 'password']],
  // bulk endpoints take arrays; 500 clients per call keeps each body far below the 10 MiB limit (§3).
  defaultLimits: { concurrency: 4, requestsPerSecond: 20, timeoutMs: 60_000, pageSize: 200, batchSize: 500 },
  async connect(panel, ctx) {
    const auth: XuiAuth = panel.auth.token
      ? { token: panel.auth.token }
      : { username: panel.auth.username ?? '', password: panel.auth.password ?? '' };
    const api = new XuiApi(ctx.http, auth);
    await api.login();
    const session = new XuiContext(api);
    await session.loadInbounds();
    return sessionFromHandlers(handlers, session, panel.limits, async () => ({ inboundTags: session.tags() }));
  },
};
