import { parseInstant } from '../../../manifest/units.ts';
import { carriedBody } from '../../carried-fields.ts';
import type { Spec } from '../../types.ts';
import type { Protocol, ProxySettings, WireNextPlan, WireUser, WireUserWrite } from '../wire.ts';

/** "never" / ISO → unix seconds, 0 meaning unlimited (marzban.md §5.1). */
export const unixSeconds = (instant: unknown): number =>
  instant === undefined || instant === 'never' ? 0 : Math.floor(Date.parse(parseInstant(instant)) / 1000);

export function nextPlanWire(plan: Spec | null | undefined): WireNextPlan | null {
  if (!plan) return null;
  return {
    data_limit: (plan.dataLimit as number | undefined) ?? 0,
    expire: unixSeconds(plan.expire),
    add_remaining_traffic: plan.addRemainingTraffic === true,
    fire_on_either: plan.fireOnEither !== false,
  };
}

/** The body of POST /api/user. `inbounds` is always sent: omitting it gives the user no inbound at all (§5.4). */
export function createBody(username: string, spec: Spec, secrets: Readonly<Record<string, string>> = {}): WireUserWrite {
  const proxies = withKeys((spec.proxies ?? {}) as Partial<Record<Protocol, ProxySettings>>, secrets, Object.keys(secrets));
  const listed = (spec.inbounds ?? {}) as Partial<Record<Protocol, string[]>>;
  // A protocol missing from `inbounds` (or []) means all of its inbounds on create.
  const inbounds = Object.fromEntries(Object.keys(proxies).map((p) => [p, listed[p as Protocol] ?? []]));
  const body: WireUserWrite = {
    username,
    proxies,
    inbounds,
    status: spec.status === 'on_hold' ? 'on_hold' : 'active',
    data_limit: (spec.dataLimit as number | undefined) ?? 0,
    expire: unixSeconds(spec.expire),
    data_limit_reset_strategy: (spec.dataLimitResetStrategy as string | undefined) ?? 'no_reset',
    note: (spec.note as string | undefined) ?? '',
    next_plan: nextPlanWire(spec.nextPlan as Spec | undefined),
  };
  if (spec.status === 'on_hold') Object.assign(body, onHoldFields(spec));
  return body;
}

/** on_hold must come with a duration in the same body and no expire (§5.3 step 0). */
function onHoldFields(spec: Spec): WireUserWrite {
  const timeout = spec.onHoldTimeout;
  return {
    expire: 0,
    on_hold_expire_duration: (spec.onHoldExpireDuration as number | undefined) ?? 0,
    ...(timeout && timeout !== 'never' ? { on_hold_timeout: String(timeout).replace(/Z$/, '') } : {}),
  };
}

/**
 * The body of PUT /api/user/{u}, built over a fresh read of the user. Marzban rotates a
 * credential whose protocol is listed without its id/password, deletes unlisted protocols
 * and deletes next_plan when it is omitted (§5.3), so the live values are always sent back.
 */
export function updateBody(live: WireUser, spec: Spec, changed: ReadonlySet<string>): WireUserWrite {
  const desiredProxies = spec.proxies as Partial<Record<Protocol, ProxySettings>> | undefined;
  const proxies: Partial<Record<Protocol, ProxySettings>> = {};
  for (const protocol of Object.keys(desiredProxies ?? live.proxies) as Protocol[]) {
    // Current credentials first, then the manifest's settings (flow, method): never a missing id.
    // Listed settings replace the stored ones whole (§5.3): what a later release adds goes back as read.
    proxies[protocol] = carriedBody(live.proxies[protocol], { ...(desiredProxies?.[protocol] ?? {}) });
  }
  const inbounds: Partial<Record<Protocol, string[]>> = {};
  const wanted = (spec.inbounds ?? {}) as Partial<Record<Protocol, string[]>>;
  for (const protocol of Object.keys(proxies) as Protocol[]) {
    const tags = wanted[protocol] ?? live.inbounds[protocol];
    // A protocol new to this user and not listed gets all its inbounds when left out of the body.
    if (tags) inbounds[protocol] = tags;
  }
  const body: WireUserWrite = { proxies, inbounds, next_plan: live.next_plan ?? null };
  if (spec.nextPlan !== undefined) body.next_plan = nextPlanWire(spec.nextPlan as Spec | null);
  if (changed.has('dataLimit')) body.data_limit = (spec.dataLimit as number | undefined) ?? 0;
  if (changed.has('expire')) body.expire = unixSeconds(spec.expire);
  if (changed.has('dataLimitResetStrategy')) body.data_limit_reset_strategy = spec.dataLimitResetStrategy as string;
  if (changed.has('note')) body.note = (spec.note as string | undefined) ?? '';
  if (changed.has('onHoldExpireDuration')) body.on_hold_expire_duration = spec.onHoldExpireDuration as number;
  if (changed.has('onHoldTimeout') && spec.onHoldTimeout !== 'never') body.on_hold_timeout = String(spec.onHoldTimeout).replace(/Z$/, '');
  if (changed.has('status')) {
    body.status = spec.status as 'active' | 'disabled' | 'on_hold';
    if (spec.status === 'on_hold') Object.assign(body, onHoldFields(spec));
  }
  return body;
}

/**
 * Pinned keys (`proxies.vless.id`, `proxies.trojan.password`: a subscriber's) written into the
 * listed protocols' settings; only the fields named, so nothing else is rotated.
 */
export function withKeys(proxies: Partial<Record<Protocol, ProxySettings>>, secrets: Readonly<Record<string, string>>, fields: readonly string[]): Partial<Record<Protocol, ProxySettings>> {
  const out = { ...proxies };
  for (const path of fields) {
    const [, protocol, field] = path.split('.') as [string, Protocol, string];
    const value = secrets[path];
    const settings = out[protocol];
    if (settings && value !== undefined && field) out[protocol] = { ...settings, [field]: value };
  }
  return out;
}
