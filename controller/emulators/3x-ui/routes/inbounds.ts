import type { Router } from '../../kit/router.ts';
import { isFlowCapable } from '../entries.ts';
import { ok, recordNotFound } from '../envelope.ts';
import { inboundView } from '../views.ts';
import { apiRoute, offers, type XuiRouteContext } from './api-route.ts';

/** Inbound reads (§5): `options` is the cheap tag → id map. */
export function inboundRoutes(router: Router, ctx: XuiRouteContext): void {
  const { state } = ctx;
  apiRoute(router, ctx, 'GET', '/inbounds/list', () => ok([...state.inbounds.values()].map((i) => inboundView(state, i))));
  apiRoute(router, ctx, 'GET', '/inbounds/list/slim', () => ok([...state.inbounds.values()].map((i) => inboundView(state, i, true))));
  // `options` came with the clients API (v3.1.0), `ssMethod` in it with v3.3.0 (§12.3, §12.16).
  if (offers(ctx, '3.1')) {
    apiRoute(router, ctx, 'GET', '/inbounds/options', () =>
      ok([...state.inbounds.values()].map((i) => ({
        id: i.id, remark: i.remark, tag: i.tag, protocol: i.protocol, port: i.port, enable: i.enable, tlsFlowCapable: isFlowCapable(i),
        ...(state.release.reportsSsMethod ? { ssMethod: i.protocol === 'shadowsocks' ? String(i.settings.method ?? '') : '' } : {}),
      }))),
    );
  }
  apiRoute(router, ctx, 'GET', '/inbounds/get/:id(\\d+)', (req) => {
    const inbound = state.inbounds.get(Number(req.params.id));
    if (!inbound) throw recordNotFound();
    return ok(inboundView(state, inbound));
  });
}
