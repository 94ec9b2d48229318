import type { PlanRun } from '../engine/make-plan.ts';
import type { PlannedOperation } from '../engine/types.ts';

/**
 * Panels whose plan carries a change the manifests brought, as opposed to one the panel
 * drifted into. The controller tells the two apart by remembering the revision it last saw; a
 * one-shot `apply --notify` remembers nothing, so it asks the inventory instead: an object
 * whose desired hash is the one recorded at its last apply has an unchanged manifest, and its
 * operation only puts the panel back (drift healed). A new object, an adoption, a prune (its
 * manifest was removed) or an edited manifest is a new revision. Must run before the apply,
 * which records the new hashes.
 */
export function panelsChangedByManifests(run: PlanRun): Set<string> {
  const changed = new Set<string>();
  for (const panel of run.plan.panels) {
    const inventory = run.contexts.get(panel.panel)?.inventory;
    if (panel.operations.some((op) => !inventory || broughtByManifest(op, inventory.get(op.kind, op.key)?.specHash))) changed.add(panel.panel);
  }
  return changed;
}

function broughtByManifest(op: PlannedOperation, recordedHash: string | undefined): boolean {
  if (op.action === 'delete' || op.action === 'adopt') return true;
  return op.desiredHash === undefined || op.desiredHash !== recordedHash;
}

/**
 * Ids of operations that only put back what changed on the panel outside git: the object's
 * manifest is the one recorded at its last apply (the same rule as above, per operation). A
 * pull request's comment shows them apart from the change's own operations.
 */
export function operationsOutsideGit(run: PlanRun): Set<string> {
  const out = new Set<string>();
  for (const panel of run.plan.panels) {
    const inventory = run.contexts.get(panel.panel)?.inventory;
    if (!inventory) continue;
    for (const op of panel.operations) if (!broughtByManifest(op, inventory.get(op.kind, op.key)?.specHash)) out.add(op.id);
  }
  return out;
}
