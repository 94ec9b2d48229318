import type { KindHandler } from '../../kind-handler.ts';
import { liveKey } from '../../kind-handler.ts';
import type { BatchOutcome, SessionOp } from '../../types.ts';
import { clean } from '../client.ts';
import type { XuiContext } from '../context.ts';
import type { Skipped } from '../wire.ts';
import { updateClient } from './client-update.ts';
import { createBody } from './client-write.ts';

type Batches = NonNullable<KindHandler<XuiContext>['batch']>;

/** Per-object outcomes from a bulk answer: a skipped email failed with its reason, the rest succeeded (§7.11). */
function outcomes(ops: readonly SessionOp[], skipped: readonly Skipped[] | undefined): BatchOutcome[] {
  const reasons = new Map((skipped ?? []).map((s) => [s.email, clean(s.reason)]));
  return ops.map((op) => {
    const reason = reasons.get(liveKey(op));
    return reason === undefined ? { key: op.key, ok: true } : { key: op.key, ok: false, error: `skipped by the panel: ${reason}` };
  });
}

/** bulkAttach / bulkDetach `errors` read "email: reason" or "inbound N: reason". */
function membershipOutcomes(ops: readonly SessionOp[], errors: readonly string[] | null): BatchOutcome[] {
  const list = errors ?? [];
  const general = list.filter((e) => /^inbound \d+:/.test(e));
  return ops.map((op) => {
    const email = liveKey(op);
    const mine = list.filter((e) => e.startsWith(`${email}: `)).map((e) => e.slice(email.length + 2));
    const all = [...mine, ...general];
    return all.length ? { key: op.key, ok: false, error: all.map(clean).join('; ') } : { key: op.key, ok: true };
  });
}

/** Ops grouped by their member set: one bulk call per distinct set of inbounds. */
function byMembers(ops: readonly SessionOp[]): Map<string, SessionOp[]> {
  const groups = new Map<string, SessionOp[]>();
  for (const op of ops) {
    const k = [...(op.members ?? [])].sort().join('\u0000');
    const list = groups.get(k);
    if (list) list.push(op);
    else groups.set(k, [op]);
  }
  return groups;
}

const onlyEnable = (op: SessionOp) => op.changes.length > 0 && op.changes.every((c) => c.path === 'enable');

export const clientBatches: Batches = {
  create: async (ctx, ops) => {
    const items = ops.map((op) => {
      const spec = op.desired?.spec ?? {};
      return { client: createBody(op.key, spec, op.desired?.secrets ?? {}), inboundIds: ctx.idsOf((spec.inbounds ?? []) as string[]) };
    });
    const created = outcomes(ops, (await ctx.api.bulkCreate(items)).skipped);
    // Create forces enable=true; the disabled ones are switched off in one more call.
    const ok = new Set(created.filter((o) => o.ok).map((o) => o.key));
    const disable = ops.filter((op) => ok.has(op.key) && op.desired?.spec.enable === false);
    if (disable.length === 0) return created;
    const off = new Map(outcomes(disable, (await ctx.api.bulkDisable(disable.map((op) => op.key))).skipped).map((o) => [o.key, o]));
    return created.map((o) => off.get(o.key) ?? o);
  },
  update: async (ctx, ops) => {
    const results: BatchOutcome[] = [];
    const enable = ops.filter((op) => onlyEnable(op) && op.desired?.spec.enable === true);
    const disable = ops.filter((op) => onlyEnable(op) && op.desired?.spec.enable === false);
    if (enable.length) results.push(...outcomes(enable, (await ctx.api.bulkEnable(enable.map(liveKey))).skipped));
    if (disable.length) results.push(...outcomes(disable, (await ctx.api.bulkDisable(disable.map(liveKey))).skipped));
    // Anything beyond enable needs the full-row update, one client at a time.
    for (const op of ops.filter((o) => !onlyEnable(o))) {
      try {
        await updateClient(ctx, op);
        results.push({ key: op.key, ok: true });
      } catch (err) {
        results.push({ key: op.key, ok: false, error: (err as Error).message });
      }
    }
    return results;
  },
  delete: async (ctx, ops) => outcomes(ops, (await ctx.api.bulkDelete(ops.map(liveKey))).skipped),
  attach: async (ctx, ops) => {
    const results: BatchOutcome[] = [];
    for (const group of byMembers(ops).values()) {
      results.push(...membershipOutcomes(group, (await ctx.api.bulkAttach(group.map(liveKey), ctx.idsOf(group[0]?.members ?? []))).errors));
    }
    return results;
  },
  detach: async (ctx, ops) => {
    const results: BatchOutcome[] = [];
    for (const group of byMembers(ops).values()) {
      results.push(...membershipOutcomes(group, (await ctx.api.bulkDetach(group.map(liveKey), ctx.idsOf(group[0]?.members ?? []))).errors));
    }
    return results;
  },
};
