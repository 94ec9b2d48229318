import { bytesOut, compact, secondsOut } from '../../../contract/export-units.ts';
import type { ObservedObject, Spec } from '../../types.ts';

/** Live Marzban objects as manifest fields, for `import` (see KindDescriptor.exportSpec). */

export function exportUser(o: ObservedObject): Spec {
  const s = o.spec;
  const next = s.nextPlan as Spec | null;
  const onHold = s.status === 'on_hold';
  return compact({
    status: s.status,
    dataLimit: bytesOut(s.dataLimit),
    // An on-hold user has no expire yet: the panel sets it on first connection.
    expire: onHold ? undefined : s.expire,
    dataLimitResetStrategy: s.dataLimitResetStrategy,
    proxies: s.proxies,
    inbounds: s.inbounds,
    owner: s.owner,
    note: s.note,
    onHoldExpireDuration: s.onHoldExpireDuration ? secondsOut(s.onHoldExpireDuration) : undefined,
    onHoldTimeout: s.onHoldTimeout === 'never' ? undefined : s.onHoldTimeout,
    nextPlan: next ? { dataLimit: bytesOut(next.dataLimit), expire: next.expire, addRemainingTraffic: next.addRemainingTraffic, fireOnEither: next.fireOnEither } : undefined,
  });
}

export const exportAdmin = (o: ObservedObject): Spec => compact({ sudo: o.spec.sudo, telegramId: o.spec.telegramId, discordWebhook: o.spec.discordWebhook });

export const exportTemplate = (o: ObservedObject): Spec =>
  compact({ ...o.spec, dataLimit: bytesOut(o.spec.dataLimit), expireDuration: o.spec.expireDuration ? secondsOut(o.spec.expireDuration) : 0 });

/** Hosts without the fields that hold their default value, so the list reads like hand-written YAML. */
const HOST_DEFAULTS: Spec = {
  port: null, sni: null, host: null, path: null, security: 'inbound_default', alpn: '', fingerprint: '',
  allowInsecure: false, disabled: false, muxEnable: false, randomUserAgent: false, useSniAsHost: false, fragment: null, noise: null,
};
export const exportHosts = (o: ObservedObject): Spec => ({
  hosts: ((o.spec.hosts ?? []) as Spec[]).map((h) => Object.fromEntries(Object.entries(h).filter(([k, v]) => HOST_DEFAULTS[k] !== v))),
});
