import { compareSpecs } from '../../../contract/compare-specs.ts';
import type { FieldChange, ObservedObject, Spec } from '../../types.ts';

/**
 * Desired vs live user. Three panel behaviours become notes instead of changes, because
 * fighting them would loop forever or undo the panel's accounting (marzban.md §5.3):
 * - on_hold ends by itself on first connection (status active, on-hold fields cleared);
 * - on_hold_expire_duration cannot be cleared through the API;
 * - only the protocols a manifest lists in `inbounds` are managed; the rest keep the panel's selection.
 */
export function compareUser(desired: Spec, observed: ObservedObject): { changes: FieldChange[]; notes: string[] } {
  const notes = [...(observed.notes ?? [])];
  const live = observed.spec;
  // The usual case shares one set: this runs for every user of a fleet.
  let skip: ReadonlySet<string> = INBOUNDS_ONLY;
  if (desired.status === 'on_hold' && live.status === 'active' && !live.onHoldExpireDuration) {
    notes.push('left on_hold on first connection (the panel started its subscription)');
    skip = new Set([...skip, 'status', 'onHoldExpireDuration', 'onHoldTimeout', 'expire']);
  }
  if (desired.onHoldExpireDuration === 0 && (live.onHoldExpireDuration as number) > 0) {
    notes.push('onHoldExpireDuration cannot be cleared through the Marzban API');
    skip = new Set([...skip, 'onHoldExpireDuration']);
  }
  const changes = compareSpecs(desired, live, skip);
  changes.push(...compareInbounds(desired.inbounds as Record<string, string[]> | undefined, live.inbounds as Record<string, string[]> | undefined));
  return { changes, notes };
}

const INBOUNDS_ONLY: ReadonlySet<string> = new Set(['inbounds']);

function compareInbounds(want: Record<string, string[]> | undefined, have: Record<string, string[]> | undefined): FieldChange[] {
  if (!want) return [];
  const out: FieldChange[] = [];
  for (const [protocol, tags] of Object.entries(want)) {
    const current = have?.[protocol] ?? [];
    if (current.length === tags.length && current.every((t, i) => t === tags[i])) continue;
    out.push({ path: `inbounds.${protocol}`, before: current, after: tags });
  }
  return out;
}
