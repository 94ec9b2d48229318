import type { Logger } from '../shared/logger.ts';
import type { DesiredObject, KindDescriptor, ObservedObject } from '../providers/types.ts';
import { compareLive, membershipChanges } from './diff.ts';
import type { PanelContext } from './panel-context.ts';
import type { ChangeSetEntry, PlannedOperation } from './types.ts';

export interface ReadBackInput {
  ctx: PanelContext;
  entries: readonly ChangeSetEntry[];
  desired: ReadonlyMap<string, DesiredObject>;
  ref: (kind: string, key: string) => string;
  /** Creates the panel answered 409 to: a success when the object there is what was sent. */
  conflicts: ReadonlySet<string>;
  /** Records an operation in the inventory (a 409 create found to be the object sent). */
  record: (op: PlannedOperation) => void;
  logger?: Logger | undefined;
}

/**
 * A write is what the panel did, not what it answered. After an apply, the kinds it touched
 * are read again as the next plan reads them (one list where the panel lists, the touched
 * keys otherwise), and each operation reported as succeeded must show on the panel: an object
 * created or updated has every managed field the manifest sets, a deleted one is gone, an
 * attach or detach moved its members. One that does not is failed, "applied but not taken by
 * the panel". A create answered 409 whose object has every field sent is a success.
 */
export async function readBack(input: ReadBackInput): Promise<void> {
  const { ctx, ref } = input;
  const checked = input.entries.filter((e) => e.result === 'succeeded' || input.conflicts.has(e.operation.id));
  if (checked.length === 0) return;
  const byKind = new Map<string, ChangeSetEntry[]>();
  for (const e of checked) byKind.set(e.operation.kind, [...(byKind.get(e.operation.kind) ?? []), e]);
  const kinds = new Map(ctx.connection.provider.kinds.map((k) => [k.kind, k]));
  await Promise.all(
    [...byKind].map(async ([kindName, entries]) => {
      const kind = kinds.get(kindName);
      if (!kind) return;
      let listed: ObservedObject[];
      try {
        listed = await ctx.connection.session.list(kindName, new Set(entries.map((e) => e.operation.key)));
      } catch (err) {
        // Not read back is not proof of anything: the operations stand as answered, with a warning.
        input.logger?.warn({ panel: ctx.connection.panel.name, kind: kindName, reason: err instanceof Error ? err.message : String(err) }, 'applied operations could not be read back');
        return;
      }
      const live = new Map(listed.map((o) => [ref(o.kind, o.key), o]));
      for (const e of entries) {
        let o = live.get(ref(kindName, e.operation.key));
        // Absent from the list after a write that should have made it: asked once more on its own
        // before it is called a failure (a panel may answer a stale token like a missing object).
        if (!o && e.operation.action !== 'delete') o = (await ctx.connection.session.get(kindName, e.operation.key).catch(() => undefined)) ?? undefined;
        judge(input, kind, e, o);
      }
    }),
  );
}

function judge(input: ReadBackInput, kind: KindDescriptor, e: ChangeSetEntry, o: ObservedObject | undefined): void {
  const op = e.operation;
  const conflict = input.conflicts.has(op.id);
  const d = input.desired.get(input.ref(op.kind, op.key));
  const missing = op.action === 'delete' ? (o && !kind.deleteLeavesObject ? ['still on the panel'] : []) : o ? (d ? differences(input, kind, op, d, o) : []) : ['not on the panel'];
  if (conflict) {
    if (missing.length > 0 || !d) return;
    // The panel had it already, exactly as sent: a write performed twice, or an answer lost.
    e.result = 'succeeded';
    delete e.reason;
    input.record(op);
    return;
  }
  if (missing.length === 0) return;
  e.result = 'failed';
  e.reason = `applied but not taken by the panel: ${missing.join(', ')}`;
  // A create that did not land is not owned: the next plan creates it again.
  if (op.action === 'create' && !o) input.ctx.inventory.forget(op.kind, op.key);
  input.logger?.warn({ panel: op.panel, kind: op.kind, key: op.key, action: op.action, result: e.result, reason: e.reason }, 'operation not taken by the panel');
}

/** Managed fields that differ, as the next plan would see them. */
function differences(input: ReadBackInput, kind: KindDescriptor, op: PlannedOperation, d: DesiredObject, o: ObservedObject): string[] {
  const field = kind.membershipField;
  if (op.action === 'attach' || op.action === 'detach') {
    const have = new Set((field ? (o.spec[field] as string[] | undefined) : undefined) ?? []);
    return (op.members ?? []).filter((m) => have.has(m) !== (op.action === 'attach')).map((m) => `${field ?? 'members'}: ${m}`);
  }
  const applied = input.ctx.inventory.get(op.kind, o.key)?.applied ?? {};
  const paths = compareLive(kind, d.spec, o, applied, new Set(field ? [field] : [])).changes.map((c) => c.path);
  // Membership is the attach / detach operations' to check, except on a create, which sends it.
  if (op.action === 'create' && membershipChanges(kind, d, o).length > 0 && field) paths.push(field);
  return paths;
}
