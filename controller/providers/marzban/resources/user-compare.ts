import { compareSpecs } from '../../../contract/compare-specs.ts';
import type { FieldChange, ObservedObject, Spec } from '../../types.ts';

/**
 * Desired vs live user. Three panel behaviours become notes instead of changes, because
 * fighting them would loop forever or undo the panel's accounting (marzban.md §5.3):
 * - on_hold ends by itself on first connection (status active, on-hold fields cleared);
 * - on_hold_expire_duration cannot be cleared through the API;
 * - only the protocols a manifest lists in `inbounds` are managed; the rest keep the panel's selection.
 * Where the panel cannot report the owner (0.4.2, §14), the owner panelops last applied stands in for it.
 */
export function compareUser(desired: Spec, observed: ObservedObject, applied: Readonly<Record<string, unknown>> = {}): { changes: FieldChange[]; notes: string[] } {
  const notes = [...(observed.notes ?? [])];
  const live = observed.spec;
  // The usual case shares one set: this runs for every user of a fleet.
  const ownerUnread = !('owner' in live);
  let skip: ReadonlySet<string> = ownerUnread ? INBOUNDS_AND_OWNER : INBOUNDS_ONLY;
  if (desired.status === 'on_hold' && live.status === 'active' && !live.onHoldExpireDuration) {
    notes.push('left on_hold on first connection (the panel started its subscription)');
    skip = new Set([...skip, 'status', 'onHoldExpireDuration', 'onHoldTimeout', 'expire']);
  }
  if (desired.onHoldExpireDuration === 0 && (live.onHoldExpireDuration as number) > 0) {
    notes.push('onHoldExpireDuration cannot be cleared through the Marzban API');
    skip = new Set([...skip, 'onHoldExpireDuration']);
  }
  const changes = compareSpecs(desired, live, skip);
  if (ownerUnread && desired.owner !== undefined && applied.owner !== desired.owner) {
    changes.push({ path: 'owner', ...(applied.owner !== undefined ? { before: applied.owner } : {}), after: desired.owner });
  }
  changes.push(...compareInbounds(desired.inbounds as Record<string, string[]> | undefined, live.inbounds as Record<string, string[]> | undefined));
  return { changes, notes };
}

const INBOUNDS_ONLY: ReadonlySet<string> = new Set(['inbounds']);
const INBOUNDS_AND_OWNER: ReadonlySet<string> = new Set(['inbounds', 'owner']);

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
