import { bytesSchema, durationSchema, instantSchema, objectSchema, stringEnum } from '../../../manifest/schema-fragments.ts';
import { managedFields } from '../../carried-fields.ts';
import { isoSeconds, parseBytes, parseDurationSeconds, parseInstant } from '../../../manifest/units.ts';
import type { ObservedObject, Spec } from '../../types.ts';
import { Interner, isSorted } from '../../../shared/interned.ts';
import { PROTOCOLS, type Protocol, type ProxySettings, type WireUser } from '../wire.ts';

const FLOW = stringEnum(['', 'xtls-rprx-vision'], 'XTLS flow.');
const SS_METHODS = ['aes-128-gcm', 'aes-256-gcm', 'chacha20-ietf-poly1305'];

/** marzban.md §5.1 username rule: A-Za-z0-9_-@. with a first word-run of 3-32 characters. */
export const USERNAME_PATTERN = '^(?=\\w{3,32}\\b)[a-zA-Z0-9\\-_@.]+(?:_[a-zA-Z0-9\\-_@.]+)*$';

export const userSpecSchema = objectSchema({
  status: stringEnum(['active', 'disabled', 'on_hold'], 'limited and expired are set by the panel, never by a manifest.'),
  dataLimit: bytesSchema('Traffic quota.'),
  expire: instantSchema('When the subscription ends.'),
  dataLimitResetStrategy: stringEnum(['no_reset', 'day', 'week', 'month', 'year'], 'When used traffic resets.'),
  proxies: {
    type: 'object',
    description: 'Protocols and their settings. Credentials are kept by the panel and never rotated.',
    minProperties: 1,
    properties: {
      vmess: objectSchema({}),
      vless: objectSchema({ flow: FLOW }),
      trojan: objectSchema({ flow: FLOW }),
      shadowsocks: objectSchema({ method: stringEnum(SS_METHODS, 'Cipher.') }),
    },
    additionalProperties: false,
  },
  inbounds: {
    type: 'object',
    description: 'Inbound tags per protocol; a protocol left out gets all of its inbounds.',
    properties: Object.fromEntries(PROTOCOLS.map((p) => [p, { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true }])),
    additionalProperties: false,
  },
  owner: { type: 'string', minLength: 1, description: 'The Marzban admin that owns the user (applied with set-owner).' },
  note: { type: 'string', maxLength: 500 },
  onHoldExpireDuration: durationSchema('With status on_hold: how long the subscription lasts after first connection.'),
  onHoldTimeout: instantSchema('With status on_hold: when the hold ends even without a connection.'),
  nextPlan: objectSchema({
    dataLimit: bytesSchema('Quota of the next plan.'),
    expire: instantSchema('Expiry of the next plan.'),
    addRemainingTraffic: { type: 'boolean' },
    fireOnEither: { type: 'boolean' },
  }),
});

/** The proxy settings a manifest sets (credentials stay the panel's, §5.2). */
const PROXY_SETTINGS = ['flow', 'method'];

const PROXY_DEFAULTS: Record<Protocol, ProxySettings> = {
  vmess: {},
  vless: { flow: '' },
  trojan: { flow: '' },
  shadowsocks: { method: 'chacha20-ietf-poly1305' },
};

/** Desired spec → canonical: units to numbers, proxy defaults filled, tags sorted. */
export function normalizeUserSpec(spec: Spec): Spec {
  const out: Spec = { ...spec };
  if (spec.dataLimit !== undefined) out.dataLimit = parseBytes(spec.dataLimit);
  if (spec.expire !== undefined) out.expire = parseInstant(spec.expire);
  if (spec.onHoldExpireDuration !== undefined) out.onHoldExpireDuration = parseDurationSeconds(spec.onHoldExpireDuration);
  if (spec.onHoldTimeout !== undefined) out.onHoldTimeout = parseInstant(spec.onHoldTimeout);
  if (spec.proxies !== undefined) {
    const proxies = spec.proxies as Partial<Record<Protocol, ProxySettings>>;
    out.proxies = proxySettings(Object.fromEntries(Object.entries(proxies).map(([p, s]) => [p, { ...PROXY_DEFAULTS[p as Protocol], ...s }])));
  }
  if (spec.inbounds !== undefined) out.inbounds = sortTags(spec.inbounds as Record<string, string[]>);
  if (spec.nextPlan !== undefined) {
    const n = spec.nextPlan as Spec;
    out.nextPlan = {
      dataLimit: n.dataLimit === undefined ? 0 : parseBytes(n.dataLimit),
      expire: n.expire === undefined ? 'never' : parseInstant(n.expire),
      addRemainingTraffic: n.addRemainingTraffic ?? false,
      fireOnEither: n.fireOnEither ?? true,
    };
  }
  return out;
}

export function sortTags(inbounds: Partial<Record<string, string[]>>): Record<string, string[]> {
  // The path to the shared copy: each protocol, its number of tags, its tags in order.
  const path: Array<string | number> = [];
  for (const p in inbounds) {
    const given = inbounds[p] ?? [];
    const tags = isSorted(given) ? given : [...given].sort();
    path.push(p, tags.length);
    for (const tag of tags) path.push(tag);
  }
  // A fleet has a handful of inbound selections: users share them (shared/interned.ts).
  return TAG_SETS.get(path, () => {
    const out: Record<string, string[]> = {};
    for (const p in inbounds) out[p] = [...(inbounds[p] ?? [])].sort();
    return out;
  });
}

const TAG_SETS = new Interner<Record<string, string[]>>();
/** Users share a few proxy setting combinations too. */
const PROXY_SETS = new Interner<Record<string, ProxySettings>>();

/** The proxies of a user, with the defaults filled in, shared with every user that has the same. */
function proxySettings(proxies: Record<string, ProxySettings>): Record<string, ProxySettings> {
  // Each protocol, its number of fields, then each field's name, type and value (a string or
  // number as it is, anything else as JSON: the type keeps "true" and true apart).
  const path: Array<string | number> = [];
  for (const p in proxies) {
    const settings = proxies[p] as Record<string, unknown>;
    const fields = Object.keys(settings);
    path.push(p, fields.length);
    for (const field of fields) {
      const value = settings[field];
      const type = typeof value;
      path.push(field, type, type === 'string' || type === 'number' ? (value as string | number) : String(JSON.stringify(value)));
    }
  }
  return PROXY_SETS.get(path, () => proxies);
}

/** The path a live key is reported under (secrets of an observed user), one string per protocol and field. */
const secretPath = (protocol: string, field: string): string => SECRET_PATHS.get(`${protocol}.${field}`) ?? `proxies.${protocol}.${field}`;
const SECRET_PATHS = new Map(['vmess', 'vless', 'trojan', 'shadowsocks'].flatMap((p) => ['id', 'password'].map((f) => [`${p}.${f}`, `proxies.${p}.${f}`] as const)));

const instant = (unixSeconds: number | null | undefined) => (unixSeconds ? isoSeconds(unixSeconds * 1000) : 'never');

/**
 * A live user in canonical shape. Credentials are left out: they are the panel's, and the
 * update path re-reads them. `limited` and `expired` read as active, with a note, so a
 * manifest saying "active" does not fight the panel's own accounting (marzban.md §5.3).
 */
// Runs for every user of every page: plain loops, no intermediate arrays.
export function observeUser(u: WireUser): ObservedObject {
  let notes: string[] | undefined;
  let status: string = u.status;
  if (u.status === 'limited' || u.status === 'expired') {
    notes = [u.status === 'limited' ? 'limited by the panel: data limit reached (raise dataLimit to lift it)' : 'expired on the panel (move expire to lift it)'];
    status = 'active';
  }
  const proxies: Record<string, ProxySettings> = {};
  const wire = (u.proxies ?? {}) as Record<string, ProxySettings | null>;
  let secrets: Record<string, string> | undefined;
  for (const p in wire) {
    // Credentials are the panel's and never diffed; a setting a later release adds is carried, not diffed.
    proxies[p] = { ...PROXY_DEFAULTS[p as Protocol], ...managedFields<ProxySettings>(wire[p], PROXY_SETTINGS) };
    // The live keys are kept beside the spec, by the path a pinned key takes (subscribers compare them).
    const given = (wire[p] ?? {}) as Record<string, unknown>;
    for (const field of ['id', 'password']) {
      const value = given[field];
      if (typeof value === 'string') (secrets ??= {})[secretPath(p, field)] = value;
    }
  }
  const next = u.next_plan;
  const spec: Spec = {
    status,
    dataLimit: u.data_limit ?? 0,
    expire: instant(u.expire),
    dataLimitResetStrategy: u.data_limit_reset_strategy,
    proxies: proxySettings(proxies),
    inbounds: sortTags(u.inbounds ?? {}),
    note: u.note ?? '',
    onHoldExpireDuration: u.on_hold_expire_duration ?? 0,
    onHoldTimeout: u.on_hold_timeout ? isoSeconds(Date.parse(`${u.on_hold_timeout.replace(/Z$/, '')}Z`)) : 'never',
    nextPlan: next ? { dataLimit: next.data_limit ?? 0, expire: instant(next.expire), addRemainingTraffic: next.add_remaining_traffic, fireOnEither: next.fire_on_either } : null,
  };
  // 0.4.2 answers no `admin` at all: the owner cannot be read there, only written (§14).
  if (u.admin !== undefined) spec.owner = u.admin?.username ?? null;
  const o: ObservedObject = notes ? { kind: 'User', key: u.username, spec, notes } : { kind: 'User', key: u.username, spec };
  if (typeof u.created_at === 'string') o.createdAt = /(?:[Zz]|[+-]\d\d:?\d\d)$/.test(u.created_at) ? u.created_at : `${u.created_at}Z`;
  if (secrets) o.secrets = secrets;
  return o;
}
