import { jsonWithList, type Router } from '../../kit/router.ts';
import { addClient } from '../client-create.ts';
import { attach, deleteClient, detach, resetTraffic } from '../client-ops.ts';
import { updateClient } from '../client-update.ts';
import { startDelayedExpiry } from '../depletion.ts';
import { clientNotFound, ok, recordNotFound, TOAST } from '../envelope.ts';
import type { XuiState } from '../state.ts';
import type { XuiClient } from '../types.ts';
import { inboundIdsView, readFlow, readRecord, trafficView } from '../views.ts';
import { decodeWriteClient, intList, objectBody } from '../wire-decode.ts';
import { apiRoute, offers, type XuiRouteContext } from './api-route.ts';

export const listItem = (state: XuiState, c: XuiClient): Record<string, unknown> => {
  const row = state.traffic.get(c.email);
  return { ...readRecord(state, c), inboundIds: inboundIdsView(c), ...(row ? { traffic: trafficView(row) } : {}) };
};

/** Per-client routes under /panel/api/clients (§6). Lookups by email are exact (§4.3). */
export function clientRoutes(router: Router, ctx: XuiRouteContext): void {
  // The clients API came with v3.1.0 (§12.16).
  if (!offers(ctx, '3.1')) return;
  const { state } = ctx;
  const find = (email: string | undefined): XuiClient => state.clients.get(email ?? '') ?? (() => { throw recordNotFound(); })();

  apiRoute(router, ctx, 'GET', '/clients/list', () => jsonWithList(200, { success: true, msg: '' }, 'obj', [...state.clientsById.values()], (c) => listItem(state, c)));
  apiRoute(router, ctx, 'GET', '/clients/get/:email', (req) => {
    const c = find(req.params.email);
    // Only get derives the effective flow; list shows the stored column (§11).
    const usage = state.release.getHasUsage ? { externalLinks: c.externalLinks, usedTraffic: state.usedBytes(c.email) } : {};
    return ok({ client: { ...readRecord(state, c), flow: readFlow(state, c) }, inboundIds: inboundIdsView(c), ...usage });
  });
  apiRoute(router, ctx, 'GET', '/clients/traffic/:email', (req) => {
    const row = state.traffic.get(req.params.email ?? '');
    return ok(row ? trafficView(row, state.clients.get(row.email)) : null);
  });
  apiRoute(router, ctx, 'POST', '/clients/add', (_req, body) => {
    const b = objectBody(body());
    addClient(state, decodeWriteClient(b.client), intList(b, 'inboundIds'));
    return ok(null, TOAST.clientAdded);
  });
  apiRoute(router, ctx, 'POST', '/clients/update/:email', (req, body) => {
    // §11: update of an unknown email is GORM's `record not found`.
    const c = find(req.params.email);
    const only = req.query.get('inboundIds');
    updateClient(state, c, decodeWriteClient(body()), only ? new Set(only.split(',').map(Number)) : undefined);
    return ok(null, TOAST.clientUpdated);
  });
  apiRoute(router, ctx, 'POST', '/clients/del/:email', (req) => {
    const email = req.params.email ?? '';
    const c = state.clients.get(email);
    if (!c) throw clientNotFound(email);
    deleteClient(state, c, req.query.get('keepTraffic') === '1');
    return ok(null, TOAST.clientDeleted);
  });
  apiRoute(router, ctx, 'POST', '/clients/:email/attach', (req, body) => {
    const c = find(req.params.email);
    for (const id of intList(body(), 'inboundIds')) attach(state, c, id);
    return ok(null, TOAST.clientAdded);
  });
  apiRoute(router, ctx, 'POST', '/clients/:email/detach', (req, body) => {
    const c = find(req.params.email);
    for (const id of intList(body(), 'inboundIds')) detach(state, c, id);
    return ok(null, TOAST.clientDeleted);
  });
  apiRoute(router, ctx, 'POST', '/clients/resetTraffic/:email', (req) => {
    resetTraffic(state, find(req.params.email));
    return ok();
  });
  // Absolute values; an unknown email succeeds (§6).
  apiRoute(router, ctx, 'POST', '/clients/updateTraffic/:email', (req, body) => {
    const b = objectBody(body());
    const row = state.traffic.get(req.params.email ?? '');
    if (row) {
      row.up = Number(b.upload ?? 0);
      row.down = Number(b.download ?? 0);
      const c = state.clients.get(row.email);
      if (c && row.up + row.down > 0) startDelayedExpiry(state, c);
    }
    return ok();
  });
}
