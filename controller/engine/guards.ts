import type { Inventory } from '../inventory/inventory.ts';
import type { DesiredObject, PanelPolicy } from '../providers/types.ts';
import type { GuardTrip, PanelPlan } from './types.ts';

/** Below this many owned objects of a kind, the percentage guard stays quiet (1 of 3 is 33%). */
const PERCENT_GUARD_MIN_OWNED = 10;

/**
 * Guards block a whole plan (exit 3, nothing applied) when it would delete more than the
 * policy allows, or empty a kind that panelops owns objects of: the usual sign of a
 * manifest directory that went missing or a bad merge, not of intent.
 * `allowDeletes` (--allow-deletes N) lifts all three for plans with at most N deletes.
 */
/**
 * Owned objects missing from an answer that otherwise read as a valid list: more than
 * `policy.maxMissingPercent` of a kind (and at least two) is the sign of a panel that answered
 * wrong (an empty page, a filtered view, another panel behind the URL), not of objects deleted
 * by hand; re-creating them all would duplicate customers. 100 turns the guard off.
 */
export function missingOwnedGuard(panel: string, kind: string, owned: number, missing: number, policy: PanelPolicy): GuardTrip | undefined {
  if (missing < 2 || policy.maxMissingPercent >= 100) return undefined;
  const percent = (missing / owned) * 100;
  if (percent <= policy.maxMissingPercent) return undefined;
  return {
    panel,
    guard: 'missing-owned',
    kind,
    message: `${missing} of ${owned} owned ${kind} objects (${percent.toFixed(0)}%) are missing from panel ${panel}'s answer; policy.maxMissingPercent is ${policy.maxMissingPercent}: nothing is re-created until the panel answers in full (check it; if they were removed by hand, forget them with "panelops state forget" or raise the policy for one run)`,
  };
}

export function evaluateGuards(
  plan: PanelPlan,
  inventory: Inventory,
  desired: readonly DesiredObject[],
  policy: PanelPolicy,
  allowDeletes: number,
): GuardTrip[] {
  const deletes = plan.operations.filter((op) => op.action === 'delete');
  if (deletes.length === 0 || deletes.length <= allowDeletes) return [];
  const trips: GuardTrip[] = [];
  const trip = (guard: GuardTrip['guard'], message: string, kind?: string) =>
    trips.push({ panel: plan.panel, guard, message, ...(kind ? { kind } : {}) });

  if (deletes.length > policy.maxDeletes) {
    trip('max-deletes', `the plan deletes ${deletes.length} objects on panel ${plan.panel}; policy.maxDeletes is ${policy.maxDeletes}`);
  }
  const perKind = new Map<string, number>();
  for (const op of deletes) perKind.set(op.kind, (perKind.get(op.kind) ?? 0) + 1);
  for (const [kind, count] of perKind) {
    const owned = inventory.count(kind);
    const left = desired.filter((d) => d.kind === kind).length;
    if (left === 0 && owned > 0) {
      trip('empty-kind', `the plan deletes every ${kind} panelops owns on panel ${plan.panel} (${count}): no ${kind} manifests were found`, kind);
      continue;
    }
    const percent = (count / Math.max(owned, 1)) * 100;
    if (owned >= PERCENT_GUARD_MIN_OWNED && percent > policy.maxDeletePercent) {
      trip(
        'max-delete-percent',
        `the plan deletes ${count} of ${owned} owned ${kind} objects (${percent.toFixed(0)}%) on panel ${plan.panel}; policy.maxDeletePercent is ${policy.maxDeletePercent}`,
        kind,
      );
    }
  }
  return trips;
}
