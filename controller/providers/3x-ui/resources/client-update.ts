import { readForWrite } from '../../identity.ts';
import { liveKey } from '../../kind-handler.ts';
import type { SessionOp } from '../../types.ts';
import type { XuiContext } from '../context.ts';
import { updateBody } from './client-write.ts';

/** One full-row update, over a fresh read: the body is the whole client (update replaces the row, §7.1). */
export async function updateClient(ctx: XuiContext, op: SessionOp): Promise<void> {
  const key = liveKey(op);
  const live = await readForWrite(op, ctx.api.getClient(key), (d) => ({ key: d.client.email, id: d.client.id }));
  await ctx.api.updateClient(key, updateBody(live, op.desired?.spec ?? {}, op.changes, op.desired?.secrets ?? {}));
}
