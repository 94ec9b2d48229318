/**
 * Subscribers on PasarGuard (pasarguard.md §13): a User in the placement's groups. The VLESS
 * id and the Trojan and Shadowsocks passwords are the subscriber's, pinned on create; the
 * panel makes its own keys for the protocols a subscriber does not carry (VMess and the rest).
 */
import { USERNAME_PATTERN } from '../../providers/pasarguard/username.ts';
import type { ObservedObject, Spec } from '../../contract/panel.ts';
import { nameListSchema, type Placement, type Refusal, type SubscriberFields, type TargetAdapter } from './adapter.ts';
import { fieldsFromUser, userFields } from './marzban-family.ts';

const username = new RegExp(USERNAME_PATTERN);

export const pasarguardTarget: TargetAdapter = {
  type: 'pasarguard',
  kind: 'User',
  placementFields: {
    groups: nameListSchema('PasarGuard: the groups whose inbounds the subscriber reaches.'),
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
    userFields('PasarGuard', s, spec, refused);
    return { spec, refused };
  },

  fromLive(o: ObservedObject) {
    const live = o.spec;
    const refused: Refusal[] = [];
    const lost: string[] = [];
    const fields = fieldsFromUser(live, lost);
    if (typeof live.hwidLimit === 'number' && live.hwidLimit > 0) lost.push(`hwidLimit ${live.hwidLimit}`);
    const method = (live.proxies as { shadowsocks?: { method?: string } } | undefined)?.shadowsocks?.method;
    if (method && method !== 'chacha20-ietf-poly1305') refused.push({ field: 'placement', reason: `Shadowsocks method ${method}: a placement cannot state a method yet` });
    const groups = (live.groups ?? []) as string[];
    if (groups.length === 0) refused.push({ field: 'placement.groups', reason: 'the user is in no group (a placement needs at least one)' });
    return { fields, placement: { groups }, refused, lost };
  },
};
