import type { Logger } from '../shared/logger.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import { PanelHttp, type RequestEvent } from '../providers/http.ts';
import { safetyOptionsOf } from '../providers/panel-http-options.ts';
import { connectRedacted } from '../providers/redacting-session.ts';
import type { RetryPolicy } from '../providers/retry-policy.ts';
import type { PanelConfig, PanelSession, Provider } from '../providers/types.ts';

/** A logged-in panel: its config, provider, HTTP layer and session. */
export interface Connection {
  panel: PanelConfig;
  provider: Provider;
  http: PanelHttp;
  session: PanelSession;
}

export interface ConnectDeps {
  registry: ProviderRegistry;
  logger: Logger;
  onRequest?: (event: RequestEvent) => void;
  retry?: RetryPolicy;
}

export async function connectPanel(panel: PanelConfig, deps: ConnectDeps): Promise<Connection> {
  const provider = deps.registry.get(panel.type);
  if (!provider) throw new Error(`panel ${panel.name}: type ${panel.type} is not supported`);
  const http = new PanelHttp({
    panel: panel.name,
    baseUrl: panel.url,
    concurrency: panel.limits.concurrency,
    requestsPerSecond: panel.limits.requestsPerSecond,
    timeoutMs: panel.limits.timeoutMs,
    ...safetyOptionsOf(panel),
    ...(deps.retry ? { retry: deps.retry } : {}),
    onRequest: (event) => {
      deps.logger.debug({ ...event }, 'panel request');
      deps.onRequest?.(event);
    },
  });
  const session = await connectRedacted(provider, panel, { http, logger: deps.logger.child({ panel: panel.name }) });
  return { panel, provider, http, session };
}
