import { compareSpecs } from '../../../contract/compare-specs.ts';
import type { FieldChange, ObservedObject, Spec } from '../../types.ts';
import { FLUTE_REPLACES_USER } from '../constants.ts';
import { FLUTE } from './flute-observe.ts';
import type { CanonicalBlock } from './user-spec.ts';

const describeBlock = (b: CanonicalBlock): string =>
  b === false ? 'not blocked' : `blocked${b.reason ? ` (reason: ${b.reason})` : ''}${b.until && b.until !== 'never' ? ` until ${b.until}` : ''}`;

/** Roles match when every desired entry names (or numbers) a distinct live role and none is left over. */
export function sameRoles(want: readonly string[], names: readonly string[], ids: readonly number[]): boolean {
  if (want.length !== names.length) return false;
  return want.every((w) => names.some((n) => n.toLowerCase() === w.toLowerCase()) || ids.includes(Number(w)));
}

function blockChange(want: CanonicalBlock, have: CanonicalBlock): boolean {
  if (want === false || have === false) return want !== have;
  return (want.reason !== undefined && want.reason !== have.reason) || (want.until !== undefined && want.until !== have.until);
}

/**
 * Desired vs live user. A block is shown with its reason. When the manifest says nothing
 * about blocking, a block panelops applied earlier is lifted (the manifest dropped it),
 * while one set by someone else is only reported: panelops never unblocks on its own.
 */
export function compareUser(desired: Spec, observed: ObservedObject, applied: Readonly<Record<string, unknown>>): { changes: FieldChange[]; notes: string[] } {
  const live = observed.spec;
  const changes = compareSpecs(desired, live, new Set(['roles', 'blocked']));
  const notes: string[] = [];
  const want = desired.roles as string[] | undefined;
  if (want && !sameRoles(want, (live.roles ?? []) as string[], (live.roleIds ?? []) as number[])) {
    changes.push({ path: 'roles', before: live.roles, after: want });
  }
  const have = live.blocked as CanonicalBlock;
  let target = desired.blocked as CanonicalBlock | undefined;
  if (target === undefined && have !== false) {
    if (applied.blocked !== undefined && applied.blocked !== false) target = false;
    else notes.push(`${describeBlock(have)} on the panel; the manifest does not manage blocking, so it stays`);
  }
  if (target !== undefined && blockChange(target, have)) {
    changes.push({ path: 'blocked', before: describeBlock(have), after: describeBlock(target) });
    if (have !== false) notes.push(`is ${describeBlock(have)}`);
  }
  // A Flute PUT rewrites the password too (users-api.md §7): the plan says so.
  if (live.dialect === FLUTE && changes.some((c) => c.path === 'email')) {
    changes.push({ path: 'password', secret: true });
    notes.push(FLUTE_REPLACES_USER);
  }
  return { changes, notes };
}
