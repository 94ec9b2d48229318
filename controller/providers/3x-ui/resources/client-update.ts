import { readForWrite as readOpForWrite } from '../../identity.ts';
import { liveKey } from '../../kind-handler.ts';
import type { SessionOp } from '../../types.ts';
import type { XuiContext } from '../context.ts';
import type { ClientDetail } from '../wire.ts';
import { updateBody } from './client-write.ts';

/**
 * The read a write is built from, checked to be the client meant: its credentials go back
 * in the body (§12.1), so another client's row must never be taken for it. Where there is no
 * planned operation (the disable step after a create), the shared check is given one by name.
 */
export async function readForWrite(ctx: XuiContext, email: string): Promise<ClientDetail> {
  return readOpForWrite({ kind: 'Client', key: email, changes: [] }, ctx.api.getClient(email), (d) => ({ key: d.client.email }), { panel: ctx.api.panel });
}

/** Bytes used: `usedTraffic` from v3.4.0, else the traffic counters (§12.4). */
async function usedBytes(ctx: XuiContext, email: string, live: ClientDetail): Promise<number> {
  if (typeof live.usedTraffic === 'number') return live.usedTraffic;
  const row = await ctx.api.trafficOf(email);
  return (row?.up ?? 0) + (row?.down ?? 0);
}

/** One full-row update, over a fresh read: the body is the whole client (update replaces the row, §7.1). */
export async function updateClient(ctx: XuiContext, op: SessionOp): Promise<void> {
  const key = liveKey(op);
  // The shared identity check (key and panel id); disableOne, which has no operation, uses readForWrite above.
  const live = await readOpForWrite(op, ctx.api.getClient(key), (d) => ({ key: d.client.email, id: d.client.id }));
  const body = updateBody(live, op.desired?.spec ?? {}, op.changes, op.desired?.secrets ?? {}, await usedBytes(ctx, key, live));
  await ctx.api.updateClient(key, body);
}
