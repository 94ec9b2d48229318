/**
 * The fleet's review of one panel's plan: keys that differ from the live ones are a guard
 * (whoever uses them there is cut off), creates that cannot get their keys are taken out,
 * what does not carry over is noted, and the subscribers are counted.
 */
import type { PanelPlan, PlannedOperation } from '../contract/plan.ts';
import type { FleetObject } from './fleet-object.ts';
import type { TargetAdapter } from './targets/adapter.ts';

const SHOWN = 5;

/** Counts of one panel's subscribers: unchanged, with planned operations, and held back. */
export interface SubscriberCounts {
  inSync: number;
  pending: number;
  refused: number;
}

export function reviewPanel(plan: PanelPlan, objects: readonly FleetObject[], allowCredentialChanges: boolean, adapterOf: (o: FleetObject) => TargetAdapter | undefined): void {
  const counts: SubscriberCounts = { inSync: 0, pending: 0, refused: 0 };
  if (plan.error) {
    plan.subscribers = { ...counts, refused: objects.length };
    return;
  }
  const ops = new Map<string, PlannedOperation[]>();
  for (const op of plan.operations) {
    const k = `${op.kind}/${op.key}`;
    const list = ops.get(k);
    if (list) list.push(op);
    else ops.set(k, [op]);
  }
  const removed = new Set<string>();
  const rekeyed: string[] = [];
  const note = (o: FleetObject, message: string) => plan.notes.push({ kind: o.kind, key: o.key, message });
  for (const o of objects) {
    const mine = ops.get(`${o.kind}/${o.key}`) ?? [];
    const create = mine.find((op) => op.action === 'create');
    if (o.credentialState === 'unavailable') {
      if (create) {
        for (const op of mine) removed.add(op.id);
        note(o, `not created: its keys come from panel ${o.credentialsFrom ?? ''}, which could not be read`);
        counts.refused += 1;
        continue;
      }
      note(o, `keys not compared: panel ${o.credentialsFrom ?? ''}, where they come from, could not be read`);
    }
    if (o.credentialState === 'awaiting') {
      note(o, create ? `keys copied from panel ${o.credentialsFrom ?? ''} once it has created "${o.key}" (in this apply, before this panel)` : `keys not compared: panel ${o.credentialsFrom ?? ''} has no "${o.key}" yet`);
    }
    const differ = mine.some((op) => op.action !== 'create' && op.changes.some((c) => c.secret));
    if (differ) {
      note(o, allowCredentialChanges ? 'credentials differ: replaced with the fleet\'s (allowed for this run); whoever uses the old keys here is cut off' : 'credentials differ from the keys the fleet gives this subscriber');
      if (!allowCredentialChanges) {
        rekeyed.push(o.key);
        counts.refused += 1;
        continue;
      }
    }
    if (create && o.credentialsFrom) for (const line of adapterOf(o)?.carryOver ?? []) note(o, `carried over from panel ${o.credentialsFrom}: ${line}`);
    if (mine.length === 0) counts.inSync += 1;
    else counts.pending += 1;
  }
  if (removed.size) plan.operations = plan.operations.filter((op) => !removed.has(op.id));
  if (rekeyed.length) {
    const names = rekeyed.slice(0, SHOWN).join(', ') + (rekeyed.length > SHOWN ? `, and ${rekeyed.length - SHOWN} more` : '');
    plan.guards.push({
      panel: plan.panel,
      guard: 'credentials-differ',
      message: `${rekeyed.length} subscriber(s) on panel ${plan.panel} have other keys than the fleet gives them (${names}): changing them cuts off whoever uses them there. Check the credentials source, or allow it for one run with --allow-credential-changes`,
    });
  }
  // A blocked panel applies nothing: its pending subscribers are held back as well.
  if (plan.guards.length > 0) plan.subscribers = { inSync: counts.inSync, pending: 0, refused: counts.refused + counts.pending };
  else plan.subscribers = counts;
}
