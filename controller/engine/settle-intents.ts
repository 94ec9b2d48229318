import { contentHash } from '../shared/canonical-json.ts';
import type { JournalOp } from '../state/backend.ts';
import type { KindDescriptor, ObservedObject } from '../providers/types.ts';
import { compareLive, membershipChanges } from './diff.ts';
import { objectRef } from './object-ref.ts';
import { entryKey } from '../inventory/types.ts';
import type { PanelContext } from './panel-context.ts';

/** Clocks of panelops and the panel may differ by this much. */
const CLOCK_SKEW_MS = 2 * 60_000;
/** A create is sent right after its intent; retries and a slow panel stretch that to at most this. */
const SEND_SPAN_MS = 15 * 60_000;

/**
 * Journal claims settled by the panel's own evidence, after a run died between a create and
 * the save of the inventory. The plan that wrote a create intent had seen the object absent:
 * an object that exists now, that no manifest names any more, and that matches every managed
 * field the create was sending (and was made within the intent's window, where the panel says
 * when) is the one panelops made, and is recorded as owned, so pruning removes it. Any other
 * claimed object may be someone's by hand: it stays unowned, never deleted, and reported. A
 * claimed object a manifest still names is adopted only when it has what the create sent
 * (its membership left to attach / detach); otherwise it is `disproved`, and the plan treats
 * it as any object panelops does not own.
 */
export function settleIntents(ctx: PanelContext, now: string): { settled: string[]; disproved: Set<string> } {
  const claims = ctx.touched.filter((op) => op.spec && (op.action === 'create' || op.action === 'adopt'));
  const disproved = new Set<string>();
  // Nearly every plan has none: nothing below indexes the fleet then.
  if (claims.length === 0) return { settled: [], disproved };
  const kinds = ctx.connection.provider.kinds;
  const ref = objectRef(kinds);
  const byRef = new Map<string, JournalOp[]>();
  for (const op of claims) byRef.set(ref(op.kind, op.key), [...(byRef.get(ref(op.kind, op.key)) ?? []), op]);
  const desired = new Set(ctx.desired.map((d) => ref(d.kind, d.key)));
  const settled: string[] = [];
  for (const kind of kinds) {
    for (const o of ctx.observed.get(kind.kind) ?? []) {
      const r = ref(o.kind, o.key);
      const intents = byRef.get(r);
      if (!intents || ctx.inventory.owns(o.kind, o.key)) continue;
      if (ctx.target && !ctx.target(ctx.connection.panel.name, o.kind, o.key)) continue;
      const named = desired.has(r);
      const made = madeByIntents(kind, o, intents, !named);
      if (named) {
        if (!made) disproved.add(entryKey(o.kind, o.key));
        continue;
      }
      if (!made) continue;
      ctx.inventory.record(o.kind, o.key, { ...(o.id !== undefined ? { id: o.id } : {}), specHash: contentHash(o.spec), protect: false }, now);
      settled.push(entryKey(o.kind, o.key));
    }
  }
  return { settled, disproved };
}

/** A create intent whose window holds the object's creation, and an intent whose fields it has. */
function madeByIntents(kind: KindDescriptor, o: ObservedObject, intents: readonly JournalOp[], membership: boolean): boolean {
  const creates = intents.filter((op) => op.action === 'create');
  if (creates.length === 0) return false;
  if (o.createdAt !== undefined && !creates.some((op) => withinWindow(op.at, o.createdAt))) return false;
  return intents.some((op) => op.spec !== undefined && sameObject(kind, op.spec, o, membership));
}

function withinWindow(at: string | undefined, createdAt: string | undefined): boolean {
  const start = Date.parse(at ?? '');
  const made = Date.parse(createdAt ?? '');
  if (Number.isNaN(start) || Number.isNaN(made)) return false;
  return made >= start - CLOCK_SKEW_MS && made <= start + SEND_SPAN_MS + CLOCK_SKEW_MS;
}

/** Compared as the diff compares a manifest with the panel: no change and no membership move. */
function sameObject(kind: KindDescriptor, spec: Record<string, unknown>, o: ObservedObject, membership: boolean): boolean {
  const skipped = new Set(kind.membershipField ? [kind.membershipField] : []);
  return compareLive(kind, spec, o, {}, skipped).changes.length === 0 && (!membership || membershipChanges(kind, { spec }, o).length === 0);
}
