import { instantSchema, objectSchema, secretRefSchema, stringEnum } from '../../../manifest/schema-fragments.ts';
import { parseInstant } from '../../../manifest/units.ts';
import type { ObservedObject, PanelFacts, Spec } from '../../types.ts';
import type { WireBlockInfo, WireRole, WireUserDetail, WireUserSummary } from '../wire.ts';
import { sameRoles } from './user-compare.ts';

export const userSpecSchema = objectSchema(
  {
    email: { type: 'string', format: 'email', description: 'Unique e-mail address.' },
    password: secretRefSchema('Password (at least 8 characters); needed to create the user.'),
    roles: {
      type: 'array',
      items: { oneOf: [{ type: 'string', minLength: 1 }, { type: 'integer', minimum: 1 }] },
      uniqueItems: true,
      description: 'Roles by name or id; compared as a set and replaced as a whole.',
    },
    status: stringEnum(['active', 'blocked'], 'blocked = an open-ended block; active = no block.'),
    blocked: {
      description: 'false, true, or { reason, until }. Dropping it lifts a block panelops applied; a block set by someone else is only reported.',
      oneOf: [{ type: 'boolean' }, objectSchema({ reason: { type: 'string', minLength: 1, maxLength: 1000 }, until: instantSchema('When the block ends.') })],
    },
  },
  ['email'],
);

export type CanonicalBlock = false | { reason?: string; until?: string };

/** status and blocked fold into one canonical `blocked`: false or { reason?, until? }. */
export function normalizeUserSpec(spec: Spec): Spec {
  const { status, blocked, ...rest } = spec;
  const out: Spec = { ...rest };
  if (Array.isArray(spec.roles)) out.roles = [...(spec.roles as Array<string | number>)].map(String).sort();
  if (blocked === true || (blocked === undefined && status === 'blocked')) out.blocked = {};
  else if (blocked === false || (blocked === undefined && status === 'active')) out.blocked = false;
  else if (typeof blocked === 'object' && blocked !== null) {
    const b = blocked as Spec;
    out.blocked = { ...(b.reason !== undefined ? { reason: b.reason } : {}), ...(b.until !== undefined ? { until: parseInstant(b.until) } : {}) };
  }
  return out;
}

/** Flute counts lengths in UTF-8 bytes (strlen, users-api.md §8.2): a login of 3-50 bytes, a name of 3-100. */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
export const LOGIN_BYTES = { min: 3, max: 50 };
export const NAME_BYTES = { min: 3, max: 100 };

export function checkUserSpec(spec: Spec, key: string): Array<[string, string]> {
  const size = utf8Bytes(key);
  if (size < LOGIN_BYTES.min || size > LOGIN_BYTES.max) return [['', `the user name "${key}" is ${size} bytes in UTF-8; the panel takes ${LOGIN_BYTES.min}-${LOGIN_BYTES.max} bytes (it counts bytes, not characters)`]];
  if (spec.status === 'active' && typeof spec.blocked === 'object') return [['/status', 'status active contradicts blocked']];
  if (spec.status === 'blocked' && spec.blocked === false) return [['/status', 'status blocked contradicts blocked: false']];
  return [];
}

/** What a Flute session knows after listing: each user's role names. */
interface UsersApiFacts extends PanelFacts {
  rolesOf?(key: string): readonly string[] | undefined;
}

/** Rules that need the live panel: a block where the panel cannot write blocks (Flute, users-api.md §7), a role change without admin.roles (§8.5). */
export function checkUserLive(spec: Spec, key: string, facts: PanelFacts): Array<[string, string]> {
  const reason = facts.unsupported?.block;
  const blocked = spec.blocked as CanonicalBlock | undefined;
  const out: Array<[string, string]> = reason !== undefined && blocked !== undefined && blocked !== false ? [['/blocked', reason]] : [];
  const byId = facts.unsupported?.roleIds;
  const wanted = spec.roles as string[] | undefined;
  if (byId !== undefined && (wanted ?? []).some((r) => /^\d+$/.test(r))) out.push(['/roles', byId]);
  else if (wanted !== undefined && facts.unsupported?.roleChange !== undefined) {
    // Checked before any request: the user's PUT would land and the roles call fail on every run.
    const live = (facts as UsersApiFacts).rolesOf?.(key);
    if (live === undefined || !sameRoles(wanted, live, [])) out.push(['/roles', facts.unsupported.roleChange]);
  }
  return out;
}

function blockOf(detail: WireUserDetail | undefined, summary: WireUserSummary): CanonicalBlock {
  if (summary.status !== 'blocked') return false;
  const info: WireBlockInfo | null | undefined = detail?.block_info ?? detail?.block;
  const until = info?.until ?? info?.blockedUntil;
  return { ...(info?.reason ? { reason: info.reason } : {}), until: until ? parseInstant(until) : 'never' };
}

/** A live user; roles and block details only when the detail was read (the users panelops cares about). */
export function observeUser(summary: WireUserSummary, detail?: WireUserDetail): ObservedObject {
  const roles = (detail?.roles ?? []).map((r): WireRole => (typeof r === 'string' ? { id: 0, name: r } : r));
  const blocked = blockOf(detail, summary);
  const spec: Spec = { email: summary.email, blocked };
  if (detail) {
    spec.roles = roles.map((r) => r.name).sort();
    spec.roleIds = roles.map((r) => r.id).sort((a, b) => a - b);
  }
  return { kind: 'User', key: summary.username, id: summary.id, spec };
}

/**
 * A live user as manifest fields, for `import`: a block is kept with its reason and end,
 * except on Flute, whose blocks only its admin panel can set (they are reported, not managed).
 */
export function exportUser(o: ObservedObject): Spec {
  const block = o.spec.blocked as CanonicalBlock;
  const out: Spec = { email: o.spec.email };
  if (Array.isArray(o.spec.roles)) out.roles = o.spec.roles;
  if (block !== false && o.spec.dialect !== 'flute') out.blocked = { ...(block.reason ? { reason: block.reason } : {}), ...(block.until && block.until !== 'never' ? { until: block.until } : {}) };
  return out;
}
