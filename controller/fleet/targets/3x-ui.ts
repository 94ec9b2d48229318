/**
 * Subscribers on 3x-ui (3x-ui.md §4): a Client on the placement's inbounds. One record holds
 * the VLESS/VMess UUID (`uuid`) and the Trojan/Shadowsocks password (`password`).
 */
import { EMAIL_PATTERN } from '../../providers/3x-ui/resources/client-spec.ts';
import type { ObservedObject, Spec } from '../../contract/panel.ts';
import type { Placement, Refusal, SubscriberFields, TargetAdapter } from './adapter.ts';

const email = new RegExp(EMAIL_PATTERN);

export const xuiTarget: TargetAdapter = {
  type: '3x-ui',
  kind: 'Client',
  placementFields: {},
  placeOnField: 'inbounds',
  secretField: { vless: 'uuid', trojan: 'password' },
  carryOver: [
    'used traffic starts at 0 here (not copied from the other panel)',
    'only the VLESS UUID and the Trojan password are copied: VMess and Shadowsocks keys are this panel\'s own',
    "the old panel's subscription link does not serve this panel: subscribers need this panel's link (configs imported by hand keep working: the keys are the same)",
  ],

  toSpec(s: SubscriberFields, placement: Placement) {
    const refused: Refusal[] = [];
    if (!email.test(s.name)) refused.push({ field: 'metadata.name', reason: `3x-ui refuses the client email "${s.name}" (no slash, backslash or whitespace)` });
    const spec: Spec = {};
    if (!Array.isArray(placement.inbounds)) refused.push({ field: 'placement.inbounds', reason: 'a 3x-ui placement lists inbound tags: inbounds: [vless-reality]' });
    else spec.inbounds = placement.inbounds;
    if (placement.flow !== undefined) spec.flow = placement.flow;
    if (s.dataLimit !== undefined) spec.totalGB = s.dataLimit;
    // 3x-ui's `reset` renews an expired client every N days: no calendar traffic reset (§7.8).
    if (s.dataLimitReset !== undefined && s.dataLimitReset !== 'none') {
      refused.push({ field: 'dataLimitReset', reason: `3x-ui cannot reset traffic every ${s.dataLimitReset} through its clients API (its auto-renew restarts an expired client, which is not the same)` });
    } else if (s.dataLimitReset === 'none') spec.reset = 0;
    if (s.expire !== undefined) spec.expiry = s.expire;
    if (s.status !== undefined) spec.enable = s.status === 'active';
    if (s.note !== undefined) spec.comment = s.note;
    return { spec, refused };
  },

  fromLive(o: ObservedObject) {
    const live = o.spec;
    const refused: Refusal[] = [];
    const lost: string[] = [];
    if (Number(live.reset ?? 0) > 0) refused.push({ field: 'dataLimitReset', reason: `auto-renew every ${String(live.reset)} days has no subscriber equivalent` });
    if (Number(live.limitIp ?? 0) > 0) lost.push(`limitIp ${String(live.limitIp)}`);
    if (Number(live.tgId ?? 0) > 0) lost.push('tgId');
    if (live.group) lost.push(`group ${String(live.group)}`);
    const fields: Omit<SubscriberFields, 'name'> = {
      dataLimit: (live.totalGB as number | undefined) ?? 0,
      dataLimitReset: 'none',
      expire: (live.expiry ?? 'never') as NonNullable<SubscriberFields['expire']>,
      status: live.enable === false ? 'disabled' : 'active',
      note: (live.comment as string | undefined) ?? '',
    };
    const placement: Omit<Placement, 'panel'> = { inbounds: live.inbounds };
    if (live.flow) placement.flow = live.flow;
    return { fields, placement, refused, lost };
  },
};
