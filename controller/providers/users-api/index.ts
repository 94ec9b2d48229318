import type { KindHandler } from '../kind-handler.ts';
import { sessionFromHandlers } from '../kind-handler.ts';
import type { Provider } from '../types.ts';
import { UsersApi } from './client.ts';
import { API_VERSION, FLUTE_CANNOT_BLOCK, FLUTE_CANNOT_RETIRE, MAX_PAGE } from './constants.ts';
import { UsersContext } from './context.ts';
import { detectDialect } from './dialect.ts';
import { userHandler } from './resources/user.ts';
import { FLUTE_ROUTE_BUDGET, RouteBudget } from './route-budget.ts';
import type { FluteUser } from './wire.ts';

const handlers: readonly KindHandler<UsersContext>[] = [userHandler];

/** The Users API (users-api.md): User with roles and blocks, as the seed documents it or as the Flute module speaks it. */
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
    // The first page checks the key (a bad one fails the connection, not every object) and tells the dialect.
    const { dialect, firstPage } = await detectDialect(api);
    if (dialect === 'flute') api.useBudget(new RouteBudget(FLUTE_ROUTE_BUDGET));
    const users = new UsersContext(api, dialect, panel.name, dialect === 'flute' ? (firstPage as FluteUser[]) : undefined);
    // Flute's role list is read once, now, so the plan knows whether role ids can be told apart.
    if (dialect === 'flute') await users.readRoleList();
    const problem = users.roleListProblem;
    const facts = dialect === 'flute'
      ? {
          unsupported: {
            block: FLUTE_CANNOT_BLOCK,
            ...(problem
              ? {
                  roleIds: `roles by id cannot be compared: ${problem}; the reads carry role names only (users-api.md §7): give names`,
                  // A role change would be sent after the user's PUT and fail there, half applied (§8.5).
                  roleChange: `a role change needs the admin.roles permission: ${problem}; give the key admin.roles, or leave roles as the panel has them`,
                }
              : {}),
          },
          rolesOf: (key: string) => users.liveRoles.get(key.toLowerCase()),
          // Said in the plan, before any request: a removed manifest leaves the user as it is.
          cannotDelete: { User: `${FLUTE_CANNOT_RETIRE} "panelops state forget {ref}"` },
        }
      : {};
    return sessionFromHandlers(handlers, users, panel.limits, () => Promise.resolve(facts));
  },
};
