import { bytesSchema, durationSchema, instantSchema, objectSchema, stringEnum } from '../../../manifest/schema-fragments.ts';
import { isoSeconds, parseBytes, parseDurationSeconds, parseInstant } from '../../../manifest/units.ts';
import type { ObservedObject, Spec } from '../../types.ts';
import type { WireUser } from '../wire.ts';

export const SS_METHODS = ['aes-128-gcm', 'aes-256-gcm', 'chacha20-ietf-poly1305', 'xchacha20-poly1305'];
export const RESET_STRATEGIES = ['no_reset', 'day', 'week', 'month', 'year'];

/**
 * The keys a subscriber shares with other panels, by the path a pinned key takes. The panel
 * keeps given keys on create (§13); the vmess id and other protocols stay the panel's own.
 */
export const SHARED_KEYS = ['proxies.vless.id', 'proxies.trojan.password', 'proxies.shadowsocks.password'] as const;

/** The live shared keys of a user (kept beside the spec, never in it). */
export function sharedKeys(proxySettings: WireUser['proxy_settings'] | undefined): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const path of SHARED_KEYS) {
    const [, protocol, field] = path.split('.') as [string, string, string];
    const value = (proxySettings as Record<string, Record<string, unknown> | undefined> | undefined)?.[protocol]?.[field];
    if (typeof value === 'string') (out ??= {})[path] = value;
  }
  return out;
}

const groupList = (description: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description });

export const userSpecSchema = objectSchema({
  status: stringEnum(['active', 'disabled', 'on_hold'], 'limited and expired are set by the panel, never by a manifest.'),
  dataLimit: bytesSchema('Traffic quota.'),
  expire: instantSchema('When the subscription ends.'),
  dataLimitResetStrategy: stringEnum(RESET_STRATEGIES, 'When used traffic resets.'),
  groups: groupList('Names of the groups whose inbounds the user reaches. [] leaves the user with no inbound at all.'),
  proxies: objectSchema({
    shadowsocks: objectSchema({ method: stringEnum(SS_METHODS, 'Cipher.') }),
  }),
  owner: { type: 'string', minLength: 1, description: 'The admin that owns the user (applied with set_owner).' },
  note: { type: 'string', maxLength: 500 },
  onHoldExpireDuration: durationSchema('With status on_hold: how long the subscription lasts after first connection.'),
  onHoldTimeout: instantSchema('With status on_hold: when the hold ends even without a connection.'),
  hwidLimit: { type: 'integer', minimum: 0, description: 'Most devices per subscription.' },
  nextPlan: {
    ...objectSchema({
      dataLimit: bytesSchema('Quota of the next plan.'),
      expireDuration: durationSchema('How long the next plan lasts, counted from when it fires (not an instant, unlike Marzban).'),
      addRemainingTraffic: { type: 'boolean' },
      template: { type: 'string', minLength: 1, description: 'A UserTemplate whose groups, quota and duration the plan applies instead.' },
    }),
    type: ['object', 'null'],
    description: 'What the panel applies when the user expires or runs out of traffic; null removes it.',
  },
});

/** Desired spec → canonical: units to numbers, group names sorted (membership is a set). */
export function normalizeUserSpec(spec: Spec): Spec {
  const out: Spec = { ...spec };
  if (spec.dataLimit !== undefined) out.dataLimit = parseBytes(spec.dataLimit);
  if (spec.expire !== undefined) out.expire = parseInstant(spec.expire);
  if (spec.onHoldExpireDuration !== undefined) out.onHoldExpireDuration = parseDurationSeconds(spec.onHoldExpireDuration);
  if (spec.onHoldTimeout !== undefined) out.onHoldTimeout = parseInstant(spec.onHoldTimeout);
  if (Array.isArray(spec.groups)) out.groups = [...(spec.groups as string[])].sort();
  if (spec.nextPlan) {
    const n = spec.nextPlan as Spec;
    out.nextPlan = {
      dataLimit: n.dataLimit === undefined ? 0 : parseBytes(n.dataLimit),
      expireDuration: n.expireDuration === undefined ? 0 : parseDurationSeconds(n.expireDuration),
      addRemainingTraffic: n.addRemainingTraffic ?? false,
      ...(n.template !== undefined ? { template: n.template } : {}),
    };
  }
  return out;
}

/** Names of the panel's groups and templates by id, to read ids as the names manifests use. */
export interface NameLookup {
  groups: ReadonlyMap<number, string>;
  templates: ReadonlyMap<number, string>;
}

/** An ISO answer read as UTC (`on_hold_timeout` comes without an offset, §1) → canonical instant. */
export const instantOf = (text: string | null | undefined): string => (text ? isoSeconds(Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`)) : 'never');

/**
 * A live user in canonical shape. Credentials stay out of the spec (the update path re-reads
 * them); the shared ones are reported as secrets, for subscribers on many panels;
 * `limited` and `expired` read as active with a note, so a manifest saying "active" never
 * fights the panel's own accounting (§5.4).
 */
export function observeUser(u: WireUser, names: NameLookup): ObservedObject {
  let notes: string[] | undefined;
  let status: string = u.status;
  if (u.status === 'limited' || u.status === 'expired') {
    notes = [u.status === 'limited' ? 'limited by the panel: data limit reached (raise dataLimit to lift it)' : 'expired on the panel (move expire to lift it)'];
    status = 'active';
  }
  const groups: string[] = [];
  for (const id of u.group_ids ?? []) groups.push(names.groups.get(id) ?? `#${id}`);
  groups.sort();
  const next = u.next_plan;
  const ss = u.proxy_settings?.shadowsocks;
  const spec: Spec = {
    status,
    dataLimit: u.data_limit ?? 0,
    expire: instantOf(u.expire),
    dataLimitResetStrategy: u.data_limit_reset_strategy,
    groups,
    proxies: { shadowsocks: { method: (ss?.method as string | undefined) ?? 'chacha20-ietf-poly1305' } },
    owner: u.admin?.username ?? null,
    note: u.note ?? '',
    onHoldExpireDuration: u.on_hold_expire_duration ?? 0,
    onHoldTimeout: instantOf(u.on_hold_timeout),
    hwidLimit: u.hwid_limit,
    nextPlan: next
      ? {
          dataLimit: next.data_limit ?? 0,
          expireDuration: next.expire ?? 0,
          addRemainingTraffic: next.add_remaining_traffic,
          ...(next.user_template_id !== null ? { template: names.templates.get(next.user_template_id) ?? `#${next.user_template_id}` } : {}),
        }
      : null,
  };
  const o: ObservedObject = { kind: 'User', key: u.username, id: u.id, spec };
  const secrets = sharedKeys(u.proxy_settings);
  if (secrets) o.secrets = secrets;
  return notes ? { ...o, notes } : o;
}
