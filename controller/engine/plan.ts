import type { DesiredObject, KindDescriptor, ObservedObject, PanelConfig, PanelFacts, Reference } from '../providers/types.ts';
import type { Inventory } from '../inventory/inventory.ts';
import { diffKind } from './diff.ts';
import { withDisplayValues } from './field-units.ts';
import { evaluateGuards } from './guards.ts';
import type { TargetFilter } from './target.ts';
import type { PanelPlan, PlannedOperation } from './types.ts';

export interface PanelPlanInput {
  panel: PanelConfig;
  kinds: readonly KindDescriptor[];
  desired: readonly DesiredObject[];
  observed: ReadonlyMap<string, readonly ObservedObject[]>;
  inventory: Inventory;
  claimed: ReadonlySet<string>;
  /** Claims whose live object is not what the claiming run sent: not adopted on the claim. */
  disproved?: ReadonlySet<string> | undefined;
  /** Deletes allowed for this run beyond the policy (--allow-deletes). */
  allowDeletes?: number;
  target?: TargetFilter | undefined;
  facts?: PanelFacts | undefined;
}

/**
 * The pure plan of one panel: per-kind diffs in dependency order, references turned into
 * `dependsOn`, and the guards evaluated. Deletes run after everything else, in reverse order.
 */
export async function planPanel(input: PanelPlanInput): Promise<PanelPlan> {
  const { panel, kinds } = input;
  const plan: PanelPlan = { panel: panel.name, type: panel.type, mode: panel.policy.mode, operations: [], notes: [], managed: {}, unmanaged: {}, guards: [] };
  const byKind = new Map<string, DesiredObject[]>();
  for (const d of input.desired) {
    const list = byKind.get(d.kind);
    if (list) list.push(d);
    else byKind.set(d.kind, [d]);
  }

  const unowned = [];
  for (const kind of [...kinds].sort((a, b) => a.order - b.order)) {
    const diff = await diffKind({
      panel: panel.name,
      kind,
      policy: panel.policy,
      desired: byKind.get(kind.kind) ?? [],
      observed: input.observed.get(kind.kind) ?? [],
      inventory: input.inventory,
      claimed: input.claimed,
      disproved: input.disproved,
      cannotDelete: input.facts?.cannotDelete?.[kind.kind],
      inScope: input.target ? (key) => input.target?.(panel.name, kind.kind, key) ?? true : undefined,
    });
    plan.operations.push(...diff.operations);
    plan.notes.push(...diff.notes);
    plan.managed[kind.kind] = diff.managed;
    plan.unmanaged[kind.kind] = diff.unmanaged;
    unowned.push(...diff.unowned);
  }
  const kindByName = new Map(kinds.map((k) => [k.kind, k]));
  for (const op of plan.operations) {
    const kind = kindByName.get(op.kind);
    if (kind && op.changes.length) withDisplayValues(op.changes, kind);
  }
  plan.operations = orderOperations(plan.operations, kinds, input.desired);
  plan.guards = [...unowned, ...evaluateGuards(plan, input.inventory, input.desired, panel.policy, input.allowDeletes ?? 0)];
  return plan;
}

/** Sorts by phase (deletes last), kind order (reversed for deletes) and key; fills dependsOn from references. */
const ACTION_STEP: readonly PlannedOperation['action'][] = ['adopt', 'create', 'update', 'attach', 'detach', 'delete'];

export function orderOperations(
  operations: PlannedOperation[],
  kinds: readonly KindDescriptor[],
  desired: readonly DesiredObject[],
): PlannedOperation[] {
  const order = new Map(kinds.map((k) => [k.kind, k.order]));
  const rank = (op: PlannedOperation) => (op.action === 'delete' ? 1000 - (order.get(op.kind) ?? 0) : order.get(op.kind) ?? 0);
  // Within a kind, one action after another: each run of equal actions is one phase, so
  // bulk endpoints get whole batches (an adopt or create also precedes its own attach).
  const step = (op: PlannedOperation) => ACTION_STEP.indexOf(op.action);
  const sorted = [...operations].sort((a, b) => rank(a) - rank(b) || step(a) - step(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const makers = new Map<string, string>();
  for (const op of sorted) if (op.action === 'create' || op.action === 'adopt') makers.set(`${op.kind}/${op.key}`, op.id);
  if (makers.size === 0) return sorted;
  // A reference the panel resolves whatever the case (an OpenPanel plan) waits for the create
  // of any spelling; the folded map is built only when such a reference misses the exact one.
  let folded: Map<string, string> | undefined;
  const maker = (r: Reference): string | undefined => {
    const ref = `${r.kind}/${r.key}`;
    if (makers.has(ref) || !r.caseInsensitive) return makers.get(ref);
    folded ??= new Map([...makers].map(([made, id]) => [made.toLowerCase(), id]));
    return folded.get(ref.toLowerCase());
  };
  const desiredByRef = new Map(desired.map((d) => [`${d.kind}/${d.key}`, d]));
  const kindByName = new Map(kinds.map((k) => [k.kind, k]));
  for (const op of sorted) {
    const d = desiredByRef.get(`${op.kind}/${op.key}`);
    if (!d || op.action === 'delete') continue;
    const refs = kindByName.get(op.kind)?.references?.(d.spec) ?? [];
    const deps = refs.map(maker).filter((id): id is string => id !== undefined && id !== op.id);
    const self = op.action === 'attach' || op.action === 'detach' ? makers.get(`${op.kind}/${op.key}`) : undefined;
    op.dependsOn = [...new Set([...deps, ...(self ? [self] : [])])];
  }
  return sorted;
}
