/**
 * Subscribers on Remnawave (remnawave.md §15): a User in the placement's internal squads. The
 * VLESS UUID and the Trojan and Shadowsocks passwords are the subscriber's, pinned on create
 * (the panel never changes them afterwards). Remnawave has no delayed start, no yearly reset
 * and no VMess: those are refused, never approximated.
 */
import { USERNAME_PATTERN } from '../../providers/remnawave/resources/user-spec.ts';
import type { ObservedObject, Spec } from '../../contract/panel.ts';
import { nameListSchema, type Placement, type Refusal, type SubscriberFields, type TargetAdapter } from './adapter.ts';

/** Marzban's `month` (30 days since the last reset) is closest to MONTH_ROLLING (the creation day each month): a carry-over note says so. */
const RESET: Record<string, string> = { none: 'no_reset', day: 'day', week: 'week', month: 'month_rolling' };
const RESET_BACK: Record<string, SubscriberFields['dataLimitReset']> = { no_reset: 'none', day: 'day', week: 'week', month_rolling: 'month' };
const username = new RegExp(USERNAME_PATTERN);
/** The panel's "never" is any date in 2099 (§4.1): an expiry there cannot be told from never. */
const NEVER_YEAR = '2099-';

export const remnawaveTarget: TargetAdapter = {
  type: 'remnawave',
  kind: 'User',
  placementFields: {
    squads: nameListSchema('Remnawave: the internal squads whose inbounds the subscriber reaches.'),
  },
  placeOnField: 'squads',
  secretField: { vless: 'vlessUuid', trojan: 'trojanPassword', shadowsocks: 'ssPassword' },
  carryOver: [
    'used traffic starts at 0 here (Remnawave cannot set it): a limited subscriber is active again with a fresh quota',
    'the VLESS UUID and the Trojan and Shadowsocks passwords are copied; Remnawave has no VMess',
    'reset periods follow Remnawave\'s calendar: day at 00:05, week on Mondays, month on the creation day (not 1, 7 or 30 days after the last reset)',
    "the old panel's subscription link does not serve this panel: subscribers need this panel's link, or its subscription page in legacy mode (configs imported by hand keep working: the keys are the same)",
  ],

  toSpec(s: SubscriberFields, placement: Placement) {
    const refused: Refusal[] = [];
    if (!username.test(s.name)) refused.push({ field: 'metadata.name', reason: `Remnawave refuses the username "${s.name}" (3-36 letters, digits, _ and -: no @ or .)` });
    const spec: Spec = {};
    if (!Array.isArray(placement.squads)) refused.push({ field: 'placement.squads', reason: 'a Remnawave placement lists internal squads: squads: [Default-Squad]' });
    else spec.squads = placement.squads;
    if (placement.inbounds !== undefined) refused.push({ field: 'placement.inbounds', reason: 'Remnawave places users by internal squad, not by inbound: squads: [Default-Squad]' });
    if (s.dataLimit !== undefined) spec.dataLimit = s.dataLimit;
    if (s.dataLimitReset !== undefined) {
      const strategy = RESET[s.dataLimitReset];
      if (strategy) spec.dataLimitResetStrategy = strategy;
      else refused.push({ field: 'dataLimitReset', reason: `Remnawave cannot reset traffic every ${s.dataLimitReset} (its periods: day, week, month)` });
    }
    if (s.note !== undefined) spec.note = s.note;
    if (typeof s.expire === 'object') {
      refused.push({ field: 'expire', reason: 'Remnawave has no delayed start (afterFirstUse): give an expiry date' });
    } else if (s.expire !== undefined) {
      if (s.expire.startsWith(NEVER_YEAR)) refused.push({ field: 'expire', reason: `Remnawave reads any date in 2099 as "never": ${s.expire} cannot be kept` });
      spec.expire = s.expire;
    }
    if (s.status !== undefined) spec.status = s.status;
    return { spec, refused };
  },

  fromLive(o: ObservedObject) {
    const live = o.spec;
    const refused: Refusal[] = [];
    const lost: string[] = [];
    const reset = RESET_BACK[String(live.dataLimitResetStrategy ?? 'no_reset')];
    if (!reset) refused.push({ field: 'dataLimitReset', reason: `reset strategy ${String(live.dataLimitResetStrategy)} (the 1st of each month) has no subscriber equivalent` });
    const fields: Omit<SubscriberFields, 'name'> = {
      dataLimit: (live.dataLimit as number | undefined) ?? 0,
      ...(reset ? { dataLimitReset: reset } : {}),
      expire: (live.expire as string | undefined) ?? 'never',
      status: live.status === 'disabled' ? 'disabled' : 'active',
      note: (live.note as string | undefined) ?? '',
    };
    for (const f of ['tag', 'email', 'telegramId']) if (live[f] !== undefined && live[f] !== null) lost.push(f);
    if (typeof live.hwidDeviceLimit === 'number' && live.hwidDeviceLimit > 0) lost.push(`hwidDeviceLimit ${live.hwidDeviceLimit}`);
    const squads = (live.squads ?? []) as string[];
    if (squads.length === 0) refused.push({ field: 'placement.squads', reason: 'the user is in no internal squad (a placement needs at least one)' });
    return { fields, placement: { squads }, refused, lost };
  },
};
