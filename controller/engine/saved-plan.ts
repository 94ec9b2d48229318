import { readFile } from 'node:fs/promises';
import { objectRef } from './object-ref.ts';
import { writeAtomic } from '../shared/write-atomic.ts';
import { SchemaValidator } from '../manifest/validator.ts';
import { planSchema } from '../contract/plan-schema.ts';
import { contentHash } from '../shared/canonical-json.ts';
import { hashDesired } from './diff.ts';
import type { PlanRun } from './make-plan.ts';
import type { Plan, PlannedOperation } from './types.ts';

export async function writePlanFile(path: string, plan: Plan): Promise<void> {
  await writeAtomic(path, `${JSON.stringify(plan, null, 2)}\n`);
}

/** Reads a saved plan and checks it against the plan schema, so a hand-edited file is refused clearly. */
export async function readPlanFile(path: string): Promise<Plan> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not a readable plan file: ${(err as Error).message}`);
  }
  const issues = new SchemaValidator().validate(planSchema, value);
  if (issues.length) {
    const first = issues.slice(0, 5).map((i) => `  /${i.path.join('/')}: ${i.message}`);
    throw new Error(`${path}: not a valid panelops plan (format version 1):\n${first.join('\n')}`);
  }
  return value as Plan;
}

/**
 * Why a saved plan can no longer be applied as it is: for each operation, the live object
 * must be as it was when planned (fingerprint) and its manifest unchanged (desiredHash).
 * Returns one message per object that moved, naming it.
 */
export function staleOperations(saved: Plan, fresh: PlanRun, held: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  for (const panelPlan of saved.panels) {
    if (panelPlan.operations.every((op) => held.has(op.id))) continue;
    const ctx = fresh.contexts.get(panelPlan.panel);
    if (!ctx) {
      problems.push(`panel ${panelPlan.panel}: could not be observed now, or has no Panel manifest any more`);
      continue;
    }
    const ref = objectRef(ctx.connection.provider.kinds);
    const live = new Map([...ctx.observed.values()].flat().map((o) => [ref(o.kind, o.key), o]));
    const desired = new Map(ctx.desired.map((d) => [ref(d.kind, d.key), d]));
    for (const op of panelPlan.operations) {
      if (held.has(op.id)) continue;
      const o = live.get(ref(op.kind, op.key));
      const d = desired.get(ref(op.kind, op.key));
      const problem = staleness(op, o && contentHash(o.spec), d && hashDesired(d, ctx.inventory.salt));
      if (problem) problems.push(`${op.panel} ${op.kind}/${op.key}: ${problem}`);
    }
  }
  return problems;
}

function staleness(op: PlannedOperation, liveHash: string | undefined, desiredHash: string | undefined): string | undefined {
  if (op.action === 'create') {
    if (liveHash !== undefined) return 'now exists on the panel (it was absent when planned)';
  } else if (liveHash === undefined) {
    return 'no longer exists on the panel';
  } else if (op.fingerprint !== undefined && liveHash !== op.fingerprint) {
    return 'changed on the panel since the plan was made';
  }
  if (op.action === 'delete') return desiredHash === undefined ? undefined : 'has a manifest again';
  if (desiredHash === undefined) return 'its manifest was removed';
  if (op.desiredHash !== undefined && desiredHash !== op.desiredHash) return 'its manifest changed since the plan was made';
  return undefined;
}

/**
 * The saved operations whose result already holds: the fresh plan, from the same manifests,
 * has nothing left to do on the object, its manifest is the one planned, and the panel shows
 * the planned outcome (present after a create or update, gone or released after a delete).
 * Another applier (the controller following the same branch) got there first: that is not a
 * conflict, and applying such an operation again would be one.
 */
export function heldOperations(saved: Plan, fresh: PlanRun): Set<string> {
  const held = new Set<string>();
  for (const panelPlan of saved.panels) {
    const ctx = fresh.contexts.get(panelPlan.panel);
    const freshPanel = fresh.plan.panels.find((p) => p.panel === panelPlan.panel);
    if (!ctx || !freshPanel || freshPanel.error || freshPanel.guards.length > 0) continue;
    const ref = objectRef(ctx.connection.provider.kinds);
    const pending = new Set(freshPanel.operations.map((op) => ref(op.kind, op.key)));
    const live = new Set([...ctx.observed.values()].flat().map((o) => ref(o.kind, o.key)));
    const desired = new Map(ctx.desired.map((d) => [ref(d.kind, d.key), d]));
    for (const op of panelPlan.operations) {
      const at = ref(op.kind, op.key);
      if (pending.has(at)) continue;
      const d = desired.get(at);
      const done =
        op.action === 'delete'
          ? d === undefined && (!live.has(at) || !ctx.inventory.owns(op.kind, op.key))
          : d !== undefined && live.has(at) && (op.desiredHash === undefined || hashDesired(d, ctx.inventory.salt) === op.desiredHash);
      if (done) held.add(op.id);
    }
  }
  return held;
}

/** A run that applies exactly the saved operations over freshly observed panels, less those already held. */
export function runFromSaved(saved: Plan, fresh: PlanRun, held: ReadonlySet<string> = new Set()): PlanRun {
  if (held.size === 0) return { ...fresh, plan: saved };
  const panels = saved.panels.map((p) => ({
    ...p,
    operations: p.operations.filter((op) => !held.has(op.id)).map((op) => ({ ...op, dependsOn: op.dependsOn.filter((id) => !held.has(id)) })),
  }));
  return { ...fresh, plan: { ...saved, panels } };
}
