import { bytesOut, compact, secondsOut } from '../../../contract/export-units.ts';
import type { ObservedObject, Spec } from '../../types.ts';

/** Live PasarGuard objects as manifest fields, for `import` (see KindDescriptor.exportSpec). */

const DEFAULT_METHOD = 'chacha20-ietf-poly1305';
const methodOf = (s: Spec) => (s.proxies as { shadowsocks?: { method?: string } } | undefined)?.shadowsocks?.method;
/** The Shadowsocks method only when it is not the panel's default, so most manifests stay short. */
const proxiesOut = (s: Spec) => (methodOf(s) && methodOf(s) !== DEFAULT_METHOD ? s.proxies : undefined);

export function exportUser(o: ObservedObject): Spec {
  const s = o.spec;
  const next = s.nextPlan as Spec | null;
  const onHold = s.status === 'on_hold';
  return compact({
    status: s.status,
    dataLimit: bytesOut(s.dataLimit),
    // An on-hold user has no expire yet: the panel sets it when the hold ends.
    expire: onHold ? undefined : s.expire,
    dataLimitResetStrategy: s.dataLimitResetStrategy,
    groups: s.groups,
    proxies: proxiesOut(s),
    owner: s.owner,
    note: s.note,
    onHoldExpireDuration: s.onHoldExpireDuration ? secondsOut(s.onHoldExpireDuration) : undefined,
    onHoldTimeout: s.onHoldTimeout === 'never' ? undefined : s.onHoldTimeout,
    hwidLimit: s.hwidLimit,
    nextPlan: next ? compact({ dataLimit: bytesOut(next.dataLimit), expireDuration: secondsOut(next.expireDuration), addRemainingTraffic: next.addRemainingTraffic, template: next.template }) : undefined,
  });
}

export const exportAdmin = (o: ObservedObject): Spec =>
  compact({
    role: o.spec.role,
    telegramId: o.spec.telegramId,
    discordWebhook: o.spec.discordWebhook,
    note: o.spec.note,
    dataLimit: o.spec.dataLimit ? bytesOut(o.spec.dataLimit) : undefined,
    disabled: o.spec.disabled === true ? true : undefined,
  });

export const exportTemplate = (o: ObservedObject): Spec => {
  const s = o.spec;
  return compact({
    ...s,
    dataLimit: bytesOut(s.dataLimit),
    expireDuration: s.expireDuration ? secondsOut(s.expireDuration) : 0,
    onHoldTimeout: s.onHoldTimeout ? secondsOut(s.onHoldTimeout) : undefined,
    proxies: proxiesOut(s),
  });
};

export const exportNode = (o: ObservedObject): Spec => compact({ ...o.spec, dataLimit: o.spec.dataLimit ? bytesOut(o.spec.dataLimit) : undefined });

/** Hosts without the fields that hold their default value, so the list reads like hand-written YAML. */
const HOST_DEFAULTS: Spec = { port: null, path: null, security: 'inbound_default', fingerprint: '', allowInsecure: false, disabled: false };
export const exportHost = (o: ObservedObject): Spec =>
  Object.fromEntries(Object.entries(o.spec).filter(([k, v]) => HOST_DEFAULTS[k] !== v && !(Array.isArray(v) && v.length === 0) && v !== null));
