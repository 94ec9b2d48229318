import { readForWrite } from '../../identity.ts';
import { liveKey } from '../../kind-handler.ts';
import type { SessionOp } from '../../types.ts';
import type { XuiContext } from '../context.ts';
import { isRouteMissing } from '../route-missing.ts';
import { updateClient } from './client-update.ts';
import { createBody, writeFromRead } from './client-write.ts';

/**
 * One client at a time: the handler's own operations, and what the bulk calls fall back to
 * on a release without them (bulk routes from v3.2, bulkEnable / bulkDisable from v3.5, §11).
 */

const BULK_DISABLE = '/panel/api/clients/bulkDisable';

/** Switches one client off: bulkDisable where the panel has it, else a full-row update from a fresh read. */
export async function disableOne(ctx: XuiContext, email: string): Promise<void> {
  if (!ctx.missing.has(BULK_DISABLE)) {
    try {
      await ctx.api.bulkDisable([email]);
      return;
    } catch (err) {
      if (!isRouteMissing(err)) throw err;
      ctx.missing.add(BULK_DISABLE);
    }
  }
  const { client } = await readForWrite({ kind: 'Client', key: email, changes: [] }, ctx.api.getClient(email), (d) => ({ key: d.client.email }));
  await ctx.api.updateClient(email, { ...writeFromRead(client), enable: false });
}

/** add forces enable=true (§7.3): a client meant to be disabled is switched off right after. */
export async function createOne(ctx: XuiContext, op: SessionOp): Promise<void> {
  const spec = op.desired?.spec ?? {};
  await ctx.api.addClient(createBody(op.key, spec, op.desired?.secrets ?? {}), ctx.idsOf((spec.inbounds ?? []) as string[]));
  if (spec.enable === false) await disableOne(ctx, op.key);
}

export const deleteOne = async (ctx: XuiContext, op: SessionOp): Promise<void> => {
  await ctx.api.deleteClient(liveKey(op));
};

export const attachOne = async (ctx: XuiContext, op: SessionOp): Promise<void> => {
  await ctx.api.attach(liveKey(op), ctx.idsOf(op.members ?? []));
};

export const detachOne = async (ctx: XuiContext, op: SessionOp): Promise<void> => {
  await ctx.api.detach(liveKey(op), ctx.idsOf(op.members ?? []));
};

/** Enable / disable without the bulk routes: the full-row update, which changes only `enable`. */
export const setEnableOne = (ctx: XuiContext, op: SessionOp): Promise<void> => updateClient(ctx, op);
