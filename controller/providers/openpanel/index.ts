import PQueue from 'p-queue';
import { loginOf } from '../credentials.ts';
import type { KindHandler } from '../kind-handler.ts';
import { sessionFromHandlers } from '../kind-handler.ts';
import type { Provider } from '../types.ts';
import { AccountIdentity } from './account-identity.ts';
import { OpenPanelApi } from './client.ts';
import { API_VERSION } from './constants.ts';
import type { OpenPanelContext } from './context.ts';
import { accountHandler } from './resources/account.ts';
import { domainHandler } from './resources/domain.ts';
import { planHandler } from './resources/plan.ts';

const handlers: readonly KindHandler<OpenPanelContext>[] = [planHandler, accountHandler, domainHandler];

/** OpenPanel OpenAdmin (openpanel.md): Plan, Account and Domain. */
export const openPanelProvider: Provider = {
  type: 'openpanel',
  apiVersion: API_VERSION,
  kinds: handlers.map((h) => h.descriptor),
  authFields: [['username', 'password']],
  // Accounts are read one request each (the list is empty): concurrency is what makes observing fast.
  defaultLimits: { concurrency: 8, requestsPerSecond: 50, timeoutMs: 120_000, pageSize: 1, batchSize: 1 },
  async connect(panel, ctx) {
    const api = new OpenPanelApi(ctx.http, loginOf(panel));
    await api.login();
    return sessionFromHandlers(handlers, { api, identity: new AccountIdentity(api), creates: new PQueue({ concurrency: 1 }) }, panel.limits, async () => ({}));
  },
};
