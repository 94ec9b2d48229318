import type { KindHandler } from '../kind-handler.ts';
import { sessionFromHandlers } from '../kind-handler.ts';
import type { Provider } from '../types.ts';
import { UsersApi } from './client.ts';
import { API_VERSION, MAX_PAGE } from './constants.ts';
import { UsersContext } from './context.ts';
import { userHandler } from './resources/user.ts';

const handlers: readonly KindHandler<UsersContext>[] = [userHandler];

/** The Users API (users-api.md): User with roles and blocks. */
export const usersApiProvider: Provider = {
  type: 'users-api',
  apiVersion: API_VERSION,
  kinds: handlers.map((h) => h.descriptor),
  authFields: [['apiKey']],
  defaultLimits: { concurrency: 4, requestsPerSecond: 20, timeoutMs: 30_000, pageSize: MAX_PAGE, batchSize: 1 },
  async connect(panel, ctx) {
    const apiKey = panel.auth.apiKey;
    if (!apiKey) throw new Error(`panel ${panel.name}: auth.apiKey is required`);
    const api = new UsersApi(ctx.http, apiKey);
    await api.verify();
    return sessionFromHandlers(handlers, new UsersContext(api), panel.limits, async () => ({}));
  },
};
