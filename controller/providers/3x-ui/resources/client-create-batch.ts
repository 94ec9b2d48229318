import type { BatchOutcome, SessionOp } from '../../types.ts';
import type { XuiContext } from '../context.ts';
import { isRouteMissing } from '../route-missing.ts';
import type { Skipped } from '../wire.ts';
import { createOne, disableOne } from './client-single.ts';
import { createBody } from './client-write.ts';
import { eachOne, outcomes } from './client-outcomes.ts';

const BULK_CREATE = '/panel/api/clients/bulkCreate';
const VARIANT = /^Duplicate email: (.+?)\s*$/;

/**
 * §11: when the add to one inbound fails (a case variant of an existing email), bulkCreate
 * reports every item of that inbound's batch skipped, some already created on their other
 * inbounds. The variant fails alone; each other item of the batch is finished on its own:
 * attached to the inbounds it misses if it landed, added by itself if it did not.
 */
async function finishPoisoned(ctx: XuiContext, op: SessionOp): Promise<void> {
  const wanted = ctx.idsOf((op.desired?.spec.inbounds ?? []) as string[]);
  let live: number[] | null | undefined;
  try {
    live = (await ctx.api.getClient(op.key)).inboundIds;
  } catch {
    live = undefined;
  }
  if (live === undefined) return createOne(ctx, op);
  const missing = wanted.filter((id) => !(live ?? []).includes(id));
  if (missing.length) await ctx.api.attach(op.key, missing);
  if (op.desired?.spec.enable === false) await disableOne(ctx, op.key);
}

async function settle(ctx: XuiContext, ops: readonly SessionOp[], skipped: readonly Skipped[] | undefined): Promise<BatchOutcome[]> {
  const variants = new Set((skipped ?? []).map((s) => VARIANT.exec(s.reason)?.[1]?.toLowerCase()).filter((e): e is string => e !== undefined));
  const results = outcomes(ops, skipped);
  const poisoned = ops.filter((op, i) => !results[i]?.ok && variants.size > 0 && VARIANT.test(skipped?.find((s) => s.email === op.key)?.reason ?? ''));
  const retried = new Map<string, BatchOutcome>();
  for (const op of poisoned) {
    if (variants.has(op.key.toLowerCase())) {
      retried.set(op.key, { key: op.key, ok: false, error: `a client whose email differs from "${op.key}" only by case exists on the panel, and 3x-ui treats them as one (rename the manifest to match it)` });
    } else {
      retried.set(op.key, (await eachOne(ctx, [op], finishPoisoned))[0] ?? { key: op.key, ok: false });
    }
  }
  // add forces enable=true (§7.3): the clients meant to be disabled are switched off after.
  const created = new Set(results.filter((o) => o.ok).map((o) => o.key));
  const off = ops.filter((op) => created.has(op.key) && op.desired?.spec.enable === false);
  const offResults = new Map((await disableMany(ctx, off)).map((o) => [o.key, o]));
  return results.map((o) => retried.get(o.key) ?? offResults.get(o.key) ?? o);
}

async function disableMany(ctx: XuiContext, ops: readonly SessionOp[]): Promise<BatchOutcome[]> {
  if (ops.length === 0) return [];
  if (!ctx.missing.has('/panel/api/clients/bulkDisable')) {
    try {
      return outcomes(ops, (await ctx.api.bulkDisable(ops.map((op) => op.key))).skipped);
    } catch (err) {
      if (!isRouteMissing(err)) throw err;
      ctx.missing.add('/panel/api/clients/bulkDisable');
    }
  }
  return eachOne(ctx, ops, (c, op) => disableOne(c, op.key));
}

/** Creates through bulkCreate (v3.2+), or one add per client on an older release (§11). */
export async function createBatch(ctx: XuiContext, ops: SessionOp[]): Promise<BatchOutcome[]> {
  if (!ctx.missing.has(BULK_CREATE)) {
    const items = ops.map((op) => {
      const spec = op.desired?.spec ?? {};
      return { client: createBody(op.key, spec, op.desired?.secrets ?? {}), inboundIds: ctx.idsOf((spec.inbounds ?? []) as string[]) };
    });
    try {
      return await settle(ctx, ops, (await ctx.api.bulkCreate(items)).skipped);
    } catch (err) {
      if (!isRouteMissing(err)) throw err;
      ctx.missing.add(BULK_CREATE);
    }
  }
  return eachOne(ctx, ops, createOne);
}
