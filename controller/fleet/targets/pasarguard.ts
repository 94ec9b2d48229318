/**
 * Subscribers on PasarGuard (pasarguard.md §13): a User in the placement's groups. The VLESS
 * id and the Trojan and Shadowsocks passwords are the subscriber's, pinned on create; the
 * panel makes its own keys for the protocols a subscriber does not carry (VMess and the rest).
 */
import { USERNAME_PATTERN } from '../../providers/pasarguard/username.ts';
import type { ObservedObject, Spec } from '../../contract/panel.ts';
import type { Placement, Refusal, SubscriberFields, TargetAdapter } from './adapter.ts';

const RESET: Record<string, string> = { none: 'no_reset', day: 'day', week: 'week', month: 'month', year: 'year' };
const RESET_BACK: Record<string, SubscriberFields['dataLimitReset']> = { no_reset: 'none', day: 'day', week: 'week', month: 'month', year: 'year' };
const username = new RegExp(USERNAME_PATTERN);
const NOTE_MAX = 500;

export const pasarguardTarget: TargetAdapter = {
  type: 'pasarguard',
  kind: 'User',
  placementFields: {
    groups: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true, description: 'PasarGuard: the groups whose inbounds the subscriber reaches.' },
  },
  placeOnField: 'groups',
  secretField: { vless: 'proxies.vless.id', trojan: 'proxies.trojan.password', shadowsocks: 'proxies.shadowsocks.password' },
  carryOver: [
    'used traffic starts at 0 here (PasarGuard cannot set it through its API)',
    "the VLESS UUID and the Trojan and Shadowsocks passwords are copied: VMess and the other protocols' keys are this panel's own",
    "the old panel's subscription link does not serve this panel: subscribers need this panel's link, or a redirect from the old one (configs imported by hand keep working: the keys are the same)",
  ],

  toSpec(s: SubscriberFields, placement: Placement) {
    const refused: Refusal[] = [];
    if (!username.test(s.name)) refused.push({ field: 'metadata.name', reason: `PasarGuard refuses the username "${s.name}" (3-128 letters, digits and - _ @ ., never two of - _ @ . in a row)` });
    const spec: Spec = {};
    if (!Array.isArray(placement.groups)) refused.push({ field: 'placement.groups', reason: 'a PasarGuard placement lists group names: groups: [premium]' });
    else spec.groups = placement.groups;
    if (placement.inbounds !== undefined) refused.push({ field: 'placement.inbounds', reason: 'PasarGuard places users by group, not by inbound: groups: [premium]' });
    if (s.dataLimit !== undefined) spec.dataLimit = s.dataLimit;
    if (s.dataLimitReset !== undefined) spec.dataLimitResetStrategy = RESET[s.dataLimitReset];
    if (s.note !== undefined) {
      if (s.note.length > NOTE_MAX) refused.push({ field: 'note', reason: `PasarGuard keeps at most ${NOTE_MAX} characters of a note (this one has ${s.note.length})` });
      spec.note = s.note;
    }
    if (typeof s.expire === 'object') {
      // A delayed start is PasarGuard's on_hold, as on Marzban (§5.3).
      if (s.status === 'disabled') refused.push({ field: 'status', reason: 'PasarGuard cannot hold a disabled subscriber with a delayed start (on_hold is a status of its own)' });
      spec.status = 'on_hold';
      spec.onHoldExpireDuration = s.expire.afterFirstUse;
    } else {
      if (s.expire !== undefined) spec.expire = s.expire;
      if (s.status !== undefined) spec.status = s.status;
    }
    return { spec, refused };
  },

  fromLive(o: ObservedObject) {
    const live = o.spec;
    const refused: Refusal[] = [];
    const lost: string[] = [];
    const fields: Omit<SubscriberFields, 'name'> = { dataLimit: (live.dataLimit as number | undefined) ?? 0, note: (live.note as string | undefined) ?? '' };
    const reset = RESET_BACK[String(live.dataLimitResetStrategy ?? 'no_reset')];
    if (reset) fields.dataLimitReset = reset;
    if (live.status === 'on_hold') {
      fields.status = 'active';
      fields.expire = { afterFirstUse: Number(live.onHoldExpireDuration ?? 0) };
      if (live.onHoldTimeout && live.onHoldTimeout !== 'never') lost.push(`onHoldTimeout ${String(live.onHoldTimeout)} (a subscriber has no on-hold deadline)`);
    } else {
      fields.status = live.status === 'disabled' ? 'disabled' : 'active';
      fields.expire = (live.expire as string | undefined) ?? 'never';
    }
    if (live.nextPlan) lost.push('nextPlan (a subscriber has no next plan)');
    if (typeof live.owner === 'string') lost.push(`owner ${live.owner} (a subscriber has no owner)`);
    if (typeof live.hwidLimit === 'number' && live.hwidLimit > 0) lost.push(`hwidLimit ${live.hwidLimit}`);
    const method = (live.proxies as { shadowsocks?: { method?: string } } | undefined)?.shadowsocks?.method;
    if (method && method !== 'chacha20-ietf-poly1305') refused.push({ field: 'placement', reason: `Shadowsocks method ${method}: a placement cannot state a method yet` });
    const groups = (live.groups ?? []) as string[];
    if (groups.length === 0) refused.push({ field: 'placement.groups', reason: 'the user is in no group (a placement needs at least one)' });
    return { fields, placement: { groups }, refused, lost };
  },
};
