import { liveKey } from '../../kind-handler.ts';
import type { BatchOutcome, SessionOp } from '../../types.ts';
import { clean } from '../client.ts';
import type { XuiContext } from '../context.ts';
import { isRouteMissing } from '../route-missing.ts';
import type { Skipped } from '../wire.ts';

/** Per-object outcomes from a bulk answer: a skipped email failed with its reason, the rest succeeded (§7.11). */
export function outcomes(ops: readonly SessionOp[], skipped: readonly Skipped[] | undefined): BatchOutcome[] {
  const reasons = new Map((skipped ?? []).map((s) => [s.email, clean(s.reason)]));
  return ops.map((op) => {
    const reason = reasons.get(liveKey(op));
    return reason === undefined ? { key: op.key, ok: true } : { key: op.key, ok: false, error: `skipped by the panel: ${reason}` };
  });
}

/** bulkAttach / bulkDetach `errors` read "email: reason" or "inbound N: reason". */
export function membershipOutcomes(ops: readonly SessionOp[], errors: readonly string[] | null): BatchOutcome[] {
  const list = errors ?? [];
  const general = list.filter((e) => /^inbound \d+:/.test(e));
  return ops.map((op) => {
    const email = liveKey(op);
    const mine = list.filter((e) => e.startsWith(`${email}: `)).map((e) => e.slice(email.length + 2));
    const all = [...mine, ...general];
    return all.length ? { key: op.key, ok: false, error: all.map(clean).join('; ') } : { key: op.key, ok: true };
  });
}

/** Runs `one` per operation, in order; each failure is that operation's outcome. */
export async function eachOne(ctx: XuiContext, ops: readonly SessionOp[], one: (ctx: XuiContext, op: SessionOp) => Promise<void>): Promise<BatchOutcome[]> {
  const results: BatchOutcome[] = [];
  for (const op of ops) {
    try {
      await one(ctx, op);
      results.push({ key: op.key, ok: true });
    } catch (err) {
      results.push({ key: op.key, ok: false, error: (err as Error).message });
    }
  }
  return results;
}

const PAGE = 200;

/** The emails in list/paged's `depleted` bucket (§7.9), page by page; empty where the route is missing. */
export async function depletedEmails(ctx: XuiContext): Promise<Set<string>> {
  const found = new Set<string>();
  try {
    for (let page = 1; ; page++) {
      const { items, filtered } = await ctx.api.pagedEmails('depleted', page, PAGE);
      for (const item of items ?? []) found.add(item.email);
      if ((items ?? []).length < PAGE || page * PAGE >= filtered) return found;
    }
  } catch (err) {
    if (isRouteMissing(err)) return found;
    throw err;
  }
}
