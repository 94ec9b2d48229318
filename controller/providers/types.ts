/**
 * The provider side of the panel contract: how a panel type connects. Everything a
 * provider shares with manifests and the engine lives in `contract/panel.ts`.
 */
import type { PanelConfig, PanelSession, ProviderDescription } from '../contract/panel.ts';
import type { Logger } from '../shared/logger.ts';
import type { PanelHttp } from './http.ts';

export type * from '../contract/panel.ts';

export interface ProviderContext {
  http: PanelHttp;
  logger: Logger;
}

export interface Provider extends ProviderDescription {
  connect(panel: PanelConfig, ctx: ProviderContext): Promise<PanelSession>;
}
