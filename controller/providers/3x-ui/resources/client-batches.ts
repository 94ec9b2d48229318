import type { KindHandler } from '../../kind-handler.ts';
import { liveKey } from '../../kind-handler.ts';
import type { BatchOutcome, SessionOp } from '../../types.ts';
import type { XuiContext } from '../context.ts';
import { isRouteMissing } from '../route-missing.ts';
import { createBatch } from './client-create-batch.ts';
import { attachOne, deleteOne, detachOne, setEnableOne } from './client-single.ts';
import { updateClient } from './client-update.ts';
import { depletedEmails, eachOne, membershipOutcomes, outcomes } from './client-outcomes.ts';

type Batches = NonNullable<KindHandler<XuiContext>['batch']>;

const ROUTE = (name: string) => `/panel/api/clients/${name}`;

/**
 * Runs a bulk call, or each operation on its own where this panel's release has no such
 * route (§11); a route found missing is not tried again in the session.
 */
async function bulkOr(ctx: XuiContext, route: string, bulk: () => Promise<BatchOutcome[]>, ops: readonly SessionOp[], one: (ctx: XuiContext, op: SessionOp) => Promise<void>): Promise<BatchOutcome[]> {
  if (!ctx.missing.has(ROUTE(route))) {
    try {
      return await bulk();
    } catch (err) {
      if (!isRouteMissing(err)) throw err;
      ctx.missing.add(ROUTE(route));
    }
  }
  return eachOne(ctx, ops, one);
}

/** Ops grouped by their member set: one bulk call per distinct set of inbounds. */
function byMembers(ops: readonly SessionOp[]): SessionOp[][] {
  const groups = new Map<string, SessionOp[]>();
  for (const op of ops) {
    const k = [...(op.members ?? [])].sort().join('\u0000');
    const list = groups.get(k);
    if (list) list.push(op);
    else groups.set(k, [op]);
  }
  return [...groups.values()];
}

const onlyEnable = (op: SessionOp) => op.changes.length > 0 && op.changes.every((c) => c.path === 'enable');

/**
 * Enabling: a client the panel disabled for depletion since the plan is not switched back
 * on (the panel owns that state, issue 17 point 8); the depleted bucket is read right before.
 */
async function enable(ctx: XuiContext, ops: SessionOp[]): Promise<BatchOutcome[]> {
  const depleted = await depletedEmails(ctx);
  const held = ops.filter((op) => depleted.has(liveKey(op)));
  const rest = ops.filter((op) => !depleted.has(liveKey(op)));
  const results: BatchOutcome[] = held.map((op) => ({
    key: op.key,
    ok: false,
    error: 'disabled by the panel for depletion since the plan: not re-enabled (raise totalGB or move expiry in the manifest)',
  }));
  if (rest.length) results.push(...(await bulkOr(ctx, 'bulkEnable', async () => outcomes(rest, (await ctx.api.bulkEnable(rest.map(liveKey))).skipped), rest, setEnableOne)));
  return results;
}

export const clientBatches: Batches = {
  create: createBatch,
  update: async (ctx, ops) => {
    const on = ops.filter((op) => onlyEnable(op) && op.desired?.spec.enable === true);
    const off = ops.filter((op) => onlyEnable(op) && op.desired?.spec.enable === false);
    const results: BatchOutcome[] = on.length ? await enable(ctx, on) : [];
    if (off.length) results.push(...(await bulkOr(ctx, 'bulkDisable', async () => outcomes(off, (await ctx.api.bulkDisable(off.map(liveKey))).skipped), off, setEnableOne)));
    // Anything beyond enable needs the full-row update, one client at a time.
    results.push(...(await eachOne(ctx, ops.filter((o) => !onlyEnable(o)), updateClient)));
    return results;
  },
  delete: (ctx, ops) => bulkOr(ctx, 'bulkDel', async () => outcomes(ops, (await ctx.api.bulkDelete(ops.map(liveKey))).skipped), ops, deleteOne),
  attach: async (ctx, ops) => {
    const results: BatchOutcome[] = [];
    for (const group of byMembers(ops)) {
      const ids = ctx.idsOf(group[0]?.members ?? []);
      results.push(...(await bulkOr(ctx, 'bulkAttach', async () => membershipOutcomes(group, (await ctx.api.bulkAttach(group.map(liveKey), ids)).errors), group, attachOne)));
    }
    return results;
  },
  detach: async (ctx, ops) => {
    const results: BatchOutcome[] = [];
    for (const group of byMembers(ops)) {
      const ids = ctx.idsOf(group[0]?.members ?? []);
      results.push(...(await bulkOr(ctx, 'bulkDetach', async () => membershipOutcomes(group, (await ctx.api.bulkDetach(group.map(liveKey), ids)).errors), group, detachOne)));
    }
    return results;
  },
};
