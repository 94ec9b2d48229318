import { compareSpecs } from '../../../contract/compare-specs.ts';
import { sameValue } from '../../../shared/canonical-json.ts';
import type { FieldChange, ObservedObject, Spec } from '../../types.ts';

const ON_HOLD_FIELDS = ['status', 'onHoldExpireDuration', 'onHoldTimeout', 'expire'];

/**
 * Desired vs live user. What the panel does by itself is its own, never fought (pasarguard.md
 * §5.4): limited and expired read as active with a note (user-spec.ts); an on-hold user that
 * panelops put on hold and that has started is a note; a next plan panelops set and the panel
 * has since applied (so it is gone) is a note, not a plan to add again. The last applied
 * status and next plan come from the inventory (`recordedFields`).
 */
export function compareUser(desired: Spec, observed: ObservedObject, applied: Readonly<Record<string, unknown>> = {}): { changes: FieldChange[]; notes: string[] } {
  const notes = [...(observed.notes ?? [])];
  const live = observed.spec;
  const skip = new Set<string>();
  if (desired.status === 'on_hold' && live.status === 'active' && applied.status === 'on_hold') {
    notes.push('left on_hold on first connection or timeout (the panel started its subscription)');
    for (const f of ON_HOLD_FIELDS) skip.add(f);
  }
  if (desired.onHoldExpireDuration === 0 && (live.onHoldExpireDuration as number) > 0) {
    notes.push('onHoldExpireDuration cannot be cleared through the PasarGuard API');
    skip.add('onHoldExpireDuration');
  }
  if (desired.nextPlan && live.nextPlan === null && sameValue(applied.nextPlan, desired.nextPlan)) {
    notes.push('the next plan was applied by the panel (it fires when the user expires or runs out of traffic)');
    skip.add('nextPlan');
  }
  // A next plan is replaced as a whole (§5.3 step 7): one change, not one per field.
  const changes = compareSpecs(desired, live, new Set([...skip, 'nextPlan']));
  if (!skip.has('nextPlan') && desired.nextPlan !== undefined && !sameValue(desired.nextPlan, live.nextPlan)) {
    changes.push({ path: 'nextPlan', before: live.nextPlan, after: desired.nextPlan });
  }
  return { changes, notes };
}
