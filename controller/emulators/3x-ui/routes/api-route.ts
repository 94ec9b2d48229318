import type { EmuRequest, Reply, Router } from '../../kit/router.ts';
import type { XuiAuth } from '../auth.ts';
import { ACTION_READ, ACTION_WRITE, guarded } from '../envelope.ts';
import type { XuiState } from '../state.ts';
import { atLeast, type XuiVersion } from '../versions.ts';
import { parseJsonBody } from '../wire-decode.ts';

export interface XuiRouteContext {
  state: XuiState;
  auth: XuiAuth;
  /** The web base path, '' or '/AbCd'. */
  base: string;
  /** The release played: routes newer than it are not registered (§11). */
  version: XuiVersion;
}

/** True when the emulated release has the routes introduced in `min`. */
export const offers = (ctx: XuiRouteContext, min: XuiVersion): boolean => atLeast(ctx.version, min);

/**
 * Registers an authenticated API route: auth first (bare 404 / 401 / 403), then the body,
 * with every XuiError turned into the success:false envelope (§3).
 */
export function apiRoute(
  router: Router,
  ctx: XuiRouteContext,
  method: 'GET' | 'POST',
  path: string,
  handler: (req: EmuRequest, body: () => unknown) => Reply,
): void {
  router.on(method, `${ctx.base}/panel/api${path}`, (req) => {
    const refused = ctx.auth.check(req);
    if (refused) return refused;
    const body = () => parseJsonBody(req.rawBody);
    return guarded(method === 'GET' ? ACTION_READ : ACTION_WRITE, () => {
      const reply = handler(req, body);
      if (method === 'POST') ctx.state.touch();
      return reply;
    });
  });
}
