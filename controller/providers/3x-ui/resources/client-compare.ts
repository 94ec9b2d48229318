import { compareSpecs } from '../../../contract/compare-specs.ts';
import type { FieldChange, ObservedObject, Spec } from '../../types.ts';

const INBOUNDS: ReadonlySet<string> = new Set(['inbounds']);

/**
 * Desired vs live client. Inbounds are planned as attach / detach, not as a field change.
 * A client the panel disabled for depletion (§7.8) is not re-enabled by a manifest that
 * merely says `enable: true`: the panel would disable it again within seconds. It is
 * re-enabled only together with a quota or expiry change, and the plan says why.
 */
export function compareClient(desired: Spec, observed: ObservedObject): { changes: FieldChange[]; notes: string[] } {
  const notes: string[] = [];
  let changes = compareSpecs(desired, observed.spec, INBOUNDS);
  const depletedOff = observed.spec.depleted === true && observed.spec.enable === false;
  if (depletedOff && desired.enable === true) {
    const lifted = changes.some((c) => c.path === 'totalGB' || c.path.startsWith('expiry'));
    if (lifted) notes.push('disabled by the panel for depletion: re-enabled because the manifest raises its quota or expiry');
    else {
      changes = changes.filter((c) => c.path !== 'enable');
      notes.push('disabled by the panel: quota used up or expired. Raise totalGB or move expiry in the manifest to re-enable it');
    }
  } else if (depletedOff) {
    notes.push(...(observed.notes ?? []));
  }
  return { changes, notes };
}
