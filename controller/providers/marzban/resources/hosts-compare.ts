import { sameValue } from '../../../shared/canonical-json.ts';
import type { FieldChange, ObservedObject, Spec } from '../../types.ts';
import { HOST_FIELDS } from './hosts-fields.ts';

/**
 * Desired vs live hosts of one inbound, host by host, so a plan reads as a review:
 * `hosts[1].sni: "a" → "b"` for a changed field, one line per field of an added host, and
 * `hosts[2]` with its remark and address for a removed one. Position is a host's identity
 * (§9); fields a manifest host leaves out are not managed, so they never differ.
 */
export function compareHosts(desired: Spec, observed: ObservedObject): { changes: FieldChange[]; notes: string[] } {
  const want = (desired.hosts ?? []) as Spec[];
  const have = (observed.spec.hosts ?? []) as Spec[];
  const changes: FieldChange[] = [];
  for (let i = 0; i < Math.max(want.length, have.length); i++) {
    const d = want[i];
    const l = have[i];
    if (!d) {
      changes.push({ path: `hosts[${i}]`, before: { remark: l?.remark, address: l?.address } });
      continue;
    }
    for (const field of HOST_FIELDS) {
      if (d[field] === undefined) continue;
      if (!l) changes.push({ path: `hosts[${i}].${field}`, after: d[field] });
      else if (!sameValue(d[field], l[field])) changes.push({ path: `hosts[${i}].${field}`, before: l[field], after: d[field] });
    }
  }
  return { changes, notes: observed.notes ?? [] };
}
