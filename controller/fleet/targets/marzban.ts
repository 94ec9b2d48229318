/**
 * Subscribers on Marzban (marzban.md §5): a User whose proxies and inbounds come from the
 * placement. VLESS ids and Trojan and Shadowsocks passwords are the subscriber's; VMess keys
 * stay the panel's own (they are not copied between panels).
 */
import { USERNAME_PATTERN } from '../../providers/marzban/resources/user-spec.ts';
import type { ObservedObject, Spec } from '../../contract/panel.ts';
import { nameListSchema, type Placement, type Refusal, type SubscriberFields, type TargetAdapter } from './adapter.ts';
import { fieldsFromUser, userFields } from './marzban-family.ts';

const PROTOCOLS = ['vless', 'trojan', 'vmess', 'shadowsocks'] as const;
const username = new RegExp(USERNAME_PATTERN);

const tagList = nameListSchema();

export const marzbanTarget: TargetAdapter = {
  type: 'marzban',
  kind: 'User',
  placementFields: {
    inbounds: {
      description: 'Marzban: inbound tags per protocol, e.g. { vless: ["VLESS TCP REALITY"] }. 3x-ui: a list of inbound tags.',
      oneOf: [tagList, { type: 'object', properties: Object.fromEntries(PROTOCOLS.map((p) => [p, tagList])), additionalProperties: false, minProperties: 1 }],
    },
    flow: { type: 'string', enum: ['', 'xtls-rprx-vision', 'xtls-rprx-vision-udp443'], description: 'VLESS flow.' },
  },
  secretField: { vless: 'proxies.vless.id', trojan: 'proxies.trojan.password', shadowsocks: 'proxies.shadowsocks.password' },
  carryOver: [
    'used traffic starts at 0 here (Marzban cannot set it through its API)',
    'the VLESS UUID and the Trojan and Shadowsocks passwords are copied: VMess keys are this panel\'s own',
    "the old panel's subscription link does not serve this panel: subscribers need this panel's link (configs imported by hand keep working: the keys are the same)",
  ],

  toSpec(s: SubscriberFields, placement: Placement) {
    const refused: Refusal[] = [];
    if (!username.test(s.name)) refused.push({ field: 'metadata.name', reason: `Marzban refuses the username "${s.name}" (letters, digits, _ - @ . with a first word of 3-32 characters)` });
    const inbounds = placement.inbounds;
    const spec: Spec = {};
    if (!inbounds || Array.isArray(inbounds) || typeof inbounds !== 'object') {
      refused.push({ field: 'placement.inbounds', reason: 'a Marzban placement lists inbound tags per protocol: inbounds: { vless: ["VLESS TCP REALITY"] }' });
    } else {
      const byProtocol = inbounds as Record<string, string[]>;
      const proxies: Spec = {};
      for (const protocol of Object.keys(byProtocol)) proxies[protocol] = protocol === 'vless' && placement.flow !== undefined ? { flow: placement.flow } : {};
      if (placement.flow === 'xtls-rprx-vision-udp443') refused.push({ field: 'placement.flow', reason: 'Marzban knows only the flows "" and xtls-rprx-vision' });
      if (placement.flow !== undefined && !byProtocol.vless) refused.push({ field: 'placement.flow', reason: 'a flow needs VLESS inbounds on this placement' });
      spec.proxies = proxies;
      spec.inbounds = byProtocol;
    }
    userFields('Marzban', s, spec, refused);
    return { spec, refused };
  },

  fromLive(o: ObservedObject) {
    const live = o.spec;
    const refused: Refusal[] = [];
    const lost: string[] = [];
    const fields = fieldsFromUser(live, lost);
    const proxies = (live.proxies ?? {}) as Record<string, { flow?: string; method?: string }>;
    const method = proxies.shadowsocks?.method;
    if (method && method !== 'chacha20-ietf-poly1305') refused.push({ field: 'placement', reason: `Shadowsocks method ${method}: a placement cannot state a method yet` });
    const placement: Omit<Placement, 'panel'> = { inbounds: live.inbounds };
    const flow = proxies.vless?.flow;
    if (flow) placement.flow = flow;
    return { fields, placement, refused, lost };
  },
};
