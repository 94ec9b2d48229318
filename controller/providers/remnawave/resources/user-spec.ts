import { bytesSchema, instantSchema, objectSchema, secretRefSchema, stringEnum } from '../../../manifest/schema-fragments.ts';
import { isoSeconds, parseBytes, parseInstant } from '../../../manifest/units.ts';
import type { ObservedObject, Spec } from '../../types.ts';
import type { WireStrategy, WireUser } from '../wire.ts';

/** remnawave.md §4.1: 3-36 letters, digits, _ and -; case-sensitive. */
export const USERNAME_PATTERN = '^[a-zA-Z0-9_-]{3,36}$';

export const STRATEGIES: Readonly<Record<string, WireStrategy>> = { no_reset: 'NO_RESET', day: 'DAY', week: 'WEEK', month: 'MONTH', month_rolling: 'MONTH_ROLLING' };

/** The credentials a create may pin (§4.2); no update can change them, so they are never sent again. */
export const CREDENTIAL_FIELDS = ['vlessUuid', 'trojanPassword', 'ssPassword', 'shortUuid'] as const;

export const userSpecSchema = objectSchema({
  status: stringEnum(['active', 'disabled'], 'limited and expired are set by the panel, never by a manifest.'),
  dataLimit: bytesSchema('Traffic quota (trafficLimitBytes); unlimited = 0.'),
  dataLimitResetStrategy: stringEnum(Object.keys(STRATEGIES), 'When used traffic resets.'),
  expire: instantSchema('When the subscription ends (expireAt); never = the panel\'s year 2099.'),
  note: { type: 'string', description: 'The panel\'s description.' },
  tag: { type: 'string', pattern: '^[A-Z0-9_]{1,16}$', description: 'Upper-case letters, digits and _, at most 16.' },
  email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' },
  telegramId: { type: 'integer', minimum: 1, description: 'The panel reads 0 back as no id.' },
  hwidDeviceLimit: { type: 'integer', minimum: 0, description: '0 = no device limit.' },
  squads: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    uniqueItems: true,
    description: 'Internal squads by name: the user\'s whole set (the panel replaces it on every change). [] = no inbounds at all.',
  },
  vlessUuid: secretRefSchema('Pinned VLESS UUID, taken on create only (the panel never changes it afterwards).'),
  trojanPassword: secretRefSchema('Pinned Trojan password (8-32 characters), create only.'),
  ssPassword: secretRefSchema('Pinned Shadowsocks password (8-32 characters), create only.'),
  shortUuid: secretRefSchema('Pinned subscription id, create only.'),
});

/** Desired spec → canonical: units to numbers, squads sorted. */
export function normalizeUserSpec(spec: Spec): Spec {
  const out: Spec = { ...spec };
  if (spec.dataLimit !== undefined) out.dataLimit = parseBytes(spec.dataLimit);
  if (spec.expire !== undefined) out.expire = parseInstant(spec.expire);
  if (Array.isArray(spec.squads)) out.squads = [...(spec.squads as string[])].sort();
  return out;
}

/** Year 2099 is the panel's "never" (§4.1). */
export const expireOf = (expireAt: string): string => (expireAt.startsWith('2099-') ? 'never' : isoSeconds(Date.parse(expireAt)));

const STRATEGY_NAMES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(STRATEGIES).map(([k, v]) => [v, k]));

/**
 * A live user in canonical shape, credentials out of the spec (they are the panel's, §4.2, and
 * are reported as secrets only). LIMITED
 * and EXPIRED read as active with a note: they are the panel's own accounting, and a manifest
 * saying "active" must not fight them (§4.4: PATCH ACTIVE would re-enable the user until the
 * next job run).
 */
export function observeUser(u: WireUser): ObservedObject {
  const panelState = u.status === 'LIMITED' || u.status === 'EXPIRED';
  const spec: Spec = {
    status: u.status === 'DISABLED' ? 'disabled' : 'active',
    dataLimit: u.trafficLimitBytes ?? 0,
    dataLimitResetStrategy: STRATEGY_NAMES[u.trafficLimitStrategy] ?? u.trafficLimitStrategy,
    expire: expireOf(u.expireAt),
    note: u.description ?? '',
    tag: u.tag,
    email: u.email,
    telegramId: u.telegramId,
    hwidDeviceLimit: u.hwidDeviceLimit,
    squads: (u.activeInternalSquads ?? []).map((s) => s.name).sort(),
  };
  const o: ObservedObject = { kind: 'User', key: u.username, id: u.id, spec };
  // The live keys beside the spec, never in it: a subscriber on many panels compares them.
  const secrets: Record<string, string> = {};
  for (const f of CREDENTIAL_FIELDS) if (typeof u[f] === 'string' && u[f] !== '') secrets[f] = u[f];
  if (Object.keys(secrets).length) o.secrets = secrets;
  if (panelState) {
    o.notes = [u.status === 'LIMITED' ? 'limited by the panel: traffic limit reached (raise dataLimit to lift it)' : 'expired on the panel (a later expire lifts it)'];
  }
  return o;
}
