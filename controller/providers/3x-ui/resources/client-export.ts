import { bytesOut, compact, secondsOut } from '../../../contract/export-units.ts';
import type { ObservedObject, Spec } from '../../types.ts';

/** A live client as manifest fields, for `import`; zero values mean "unset" on the panel and are left out. */
export function exportClient(o: ObservedObject): Spec {
  const s = o.spec;
  const expiry = s.expiry as Spec | string;
  return compact({
    inbounds: ((s.inbounds ?? []) as string[]).filter((t) => !t.startsWith('#')),
    totalGB: bytesOut(s.totalGB),
    expiry: typeof expiry === 'object' ? { afterFirstUse: secondsOut(expiry.afterFirstUse) } : expiry,
    limitIp: s.limitIp || undefined,
    enable: s.enable,
    tgId: s.tgId || undefined,
    subId: s.subId,
    comment: s.comment,
    flow: s.flow,
    reset: s.reset || undefined,
    group: s.group,
  });
}
