import { objectSchema, stringEnum } from '../../../manifest/schema-fragments.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { liveKey } from '../../kind-handler.ts';
import type { ObservedObject, PanelFacts, Spec } from '../../types.ts';
import type { MarzbanClient } from '../client.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { WireHost } from '../wire.ts';
import { exportHosts } from './exports.ts';

/** One host entry; list order is a host's identity on the panel (marzban.md §9). */
const hostSchema = objectSchema({
  remark: { type: 'string', minLength: 1, description: 'Format string, e.g. "🚀 {USERNAME} [{PROTOCOL}]".' },
  address: { type: 'string', minLength: 1, description: 'Address or comma list; {SERVER_IP} allowed.' },
  port: { type: ['integer', 'null'], minimum: 1, maximum: 65535, description: 'null: the inbound port.' },
  sni: { type: ['string', 'null'] },
  host: { type: ['string', 'null'] },
  path: { type: ['string', 'null'] },
  security: stringEnum(['inbound_default', 'none', 'tls'], 'TLS setting.'),
  alpn: stringEnum(['', 'h3', 'h2', 'http/1.1', 'h3,h2,http/1.1', 'h3,h2', 'h2,http/1.1'], 'ALPN list.'),
  fingerprint: stringEnum(['', 'chrome', 'firefox', 'safari', 'ios', 'android', 'edge', '360', 'qq', 'random', 'randomized'], 'uTLS fingerprint.'),
  allowInsecure: { type: 'boolean' },
  disabled: { type: 'boolean' },
  muxEnable: { type: 'boolean' },
  randomUserAgent: { type: 'boolean' },
  useSniAsHost: { type: 'boolean' },
  fragment: { type: ['string', 'null'], description: 'length,interval,packet e.g. 10-100,100-200,tlshello' },
  noise: { type: ['string', 'null'], maxLength: 2000 },
}, ['remark', 'address']);

const specSchema = objectSchema({ hosts: { type: 'array', items: hostSchema, description: 'The hosts of this inbound, in order; [] removes them all.' } }, ['hosts']);

/** Every field filled, so a host reads the same however much the manifest spelled out. */
const HOST_DEFAULTS = {
  port: null, sni: null, host: null, path: null, security: 'inbound_default', alpn: '', fingerprint: '',
  allowInsecure: false, disabled: false, muxEnable: false, randomUserAgent: false, useSniAsHost: false, fragment: null, noise: null,
};

const normalize = (spec: Spec): Spec => ({ hosts: ((spec.hosts ?? []) as Spec[]).map((h) => ({ ...HOST_DEFAULTS, ...h })) });

function fromWire(h: WireHost): Spec {
  return {
    remark: h.remark, address: h.address, port: h.port ?? null, sni: h.sni ?? null, host: h.host ?? null, path: h.path ?? null,
    security: h.security ?? 'inbound_default', alpn: h.alpn ?? '', fingerprint: h.fingerprint ?? '',
    allowInsecure: h.allowinsecure ?? false, disabled: h.is_disabled ?? false, muxEnable: h.mux_enable ?? false,
    randomUserAgent: h.random_user_agent ?? false, useSniAsHost: h.use_sni_as_host ?? false,
    fragment: h.fragment_setting ?? null, noise: h.noise_setting ?? null,
  };
}

function toWire(h: Spec): WireHost {
  return {
    remark: h.remark as string, address: h.address as string, port: h.port as number | null, sni: h.sni as string | null,
    host: h.host as string | null, path: h.path as string | null, security: h.security as string, alpn: h.alpn as string,
    fingerprint: h.fingerprint as string, allowinsecure: h.allowInsecure as boolean, is_disabled: h.disabled as boolean,
    mux_enable: h.muxEnable as boolean, random_user_agent: h.randomUserAgent as boolean, use_sni_as_host: h.useSniAsHost as boolean,
    fragment_setting: h.fragment as string | null, noise_setting: h.noise as string | null,
  };
}

const observe = (tag: string, hosts: WireHost[]): ObservedObject => ({ kind: 'Hosts', key: tag, spec: { hosts: hosts.map(fromWire) } });

/** The key is an inbound tag: it must exist on the panel. */
function check(_spec: Spec, key: string, facts: PanelFacts | undefined): Array<[string, string]> {
  if (!facts?.inboundTags || facts.inboundTags.has(key)) return [];
  return [['', `inbound "${key}" does not exist on the panel (known: ${[...facts.inboundTags].join(', ')})`]];
}

/** PUT /api/hosts replaces only the listed tags (§9): one tag per request keeps the others untouched. */
const putTag = async (client: MarzbanClient, tag: string, hosts: Spec[]) => {
  await client.putHosts({ [tag]: hosts.map(toWire) });
};

export const hostsHandler: KindHandler<MarzbanClient> = {
  descriptor: {
    kind: 'Hosts',
    apiVersion: API_VERSION,
    order: ORDER.Hosts,
    specSchema,
    nameSchema: { type: 'string', minLength: 1, description: 'The inbound tag.' },
    secretFields: [],
    implicit: true,
    normalize,
    check,
    exportSpec: exportHosts,
  },
  list: async (client) => Object.entries(await client.hosts()).map(([tag, hosts]) => observe(tag, hosts)),
  get: async (client, key) => {
    const hosts = (await client.hosts())[key];
    return hosts && observe(key, hosts);
  },
  create: (client, op) => putTag(client, op.key, (op.desired?.spec.hosts ?? []) as Spec[]),
  update: (client, op) => putTag(client, liveKey(op), (op.desired?.spec.hosts ?? []) as Spec[]),
  // Hosts cannot be removed from an inbound's key; pruning empties the list.
  delete: (client, op) => putTag(client, liveKey(op), []),
};
