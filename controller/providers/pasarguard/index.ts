import type { KindHandler } from '../kind-handler.ts';
import { sessionFromHandlers } from '../kind-handler.ts';
import type { PanelConfig, PanelFacts, Provider } from '../types.ts';
import { PasarGuardClient, type PasarGuardLogin } from './client.ts';
import { API_VERSION } from './constants.ts';
import { detectVersion } from './release.ts';
import { adminHandler } from './resources/admin.ts';
import { groupHandler } from './resources/group.ts';
import { hostHandler } from './resources/host.ts';
import { nodeHandler } from './resources/node.ts';
import { userTemplateHandler } from './resources/template.ts';
import { userHandler } from './resources/user.ts';

const handlers: readonly KindHandler<PasarGuardClient>[] = [adminHandler, groupHandler, userTemplateHandler, nodeHandler, hostHandler, userHandler];

/** An API key when the manifest gives one (it survives password changes, §2), else the admin's name and password. */
function loginOf(panel: PanelConfig): PasarGuardLogin {
  const { apiKey, username, password } = panel.auth;
  if (apiKey) return { apiKey };
  if (!username || !password) throw new Error(`panel ${panel.name}: auth.apiKey, or auth.username and auth.password, are required`);
  return { username, password };
}

/** PasarGuard v5.x (pasarguard.md): Admin, Group, UserTemplate, Node, Host and User. */
export const pasarGuardProvider: Provider = {
  type: 'pasarguard',
  apiVersion: API_VERSION,
  kinds: handlers.map((h) => h.descriptor),
  authFields: [['apiKey'], ['username', 'password']],
  // GET /api/users has no maximum page size (§6), as on Marzban.
  defaultLimits: { concurrency: 4, requestsPerSecond: 20, timeoutMs: 30_000, pageSize: 5000, batchSize: 1 },
  async connect(panel, ctx) {
    const client = new PasarGuardClient(ctx.http, loginOf(panel));
    await client.login();
    client.facts.version = await detectVersion(panel.name, client);
    let inbounds: Promise<void> | undefined;
    const readFacts = async (): Promise<PanelFacts> => {
      inbounds ??= client.inbounds().then((tags) => {
        client.facts.inboundTags = new Set(tags);
      });
      await inbounds;
      return client.facts;
    };
    return sessionFromHandlers(handlers, client, panel.limits, readFacts);
  },
};
