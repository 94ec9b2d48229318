import { objectSchema, stringEnum } from '../../../manifest/schema-fragments.ts';
import { carriedBody } from '../../carried-fields.ts';
import type { Spec } from '../../types.ts';
import type { WireHost } from '../wire.ts';

/** Manifest field → ProxyHost field (marzban.md §9). */
export const WIRE_NAMES = {
  remark: 'remark', address: 'address', port: 'port', sni: 'sni', host: 'host', path: 'path', security: 'security', alpn: 'alpn',
  fingerprint: 'fingerprint', allowInsecure: 'allowinsecure', disabled: 'is_disabled', muxEnable: 'mux_enable',
  randomUserAgent: 'random_user_agent', useSniAsHost: 'use_sni_as_host', fragment: 'fragment_setting', noise: 'noise_setting',
} as const satisfies Record<string, keyof WireHost>;

export type HostField = keyof typeof WIRE_NAMES;
export const HOST_FIELDS = Object.keys(WIRE_NAMES) as HostField[];

/** What the panel reads back for a field nobody set: null booleans read as false (§9). */
export const HOST_DEFAULTS: Record<HostField, unknown> = {
  remark: '', address: '', port: null, sni: null, host: null, path: null, security: 'inbound_default', alpn: '', fingerprint: '',
  allowInsecure: false, disabled: false, muxEnable: false, randomUserAgent: false, useSniAsHost: false, fragment: null, noise: null,
};

// The panel's rules for these two (0.8.4 answers 422 otherwise, §15): a number or a range
// of numbers; fragment is length,interval,packet; noise is `type:packet[,delay]` joined by &.
const RANGE = '\\d{1,5}(-\\d{1,5})?';
export const FRAGMENT_PATTERN = `^${RANGE},${RANGE},(tlshello|${RANGE})$`;
const NOISE_PART = `(rand:${RANGE}|(str|hex|base64):[^&,]+)(,${RANGE})?`;
export const NOISE_PATTERN = `^${NOISE_PART}(&${NOISE_PART})*$`;

/** One host entry; list order is a host's identity on the panel (marzban.md §9). */
export const hostSchema = objectSchema({
  remark: { type: 'string', minLength: 1, description: 'Format string, e.g. "🚀 {USERNAME} [{PROTOCOL}]".' },
  address: { type: 'string', minLength: 1, description: 'Address or comma list; {SERVER_IP} allowed.' },
  port: { type: ['integer', 'null'], minimum: 1, maximum: 65535, description: 'null: the inbound port.' },
  sni: { type: ['string', 'null'] },
  host: { type: ['string', 'null'] },
  path: { type: ['string', 'null'] },
  security: stringEnum(['inbound_default', 'none', 'tls'], 'TLS setting.'),
  alpn: stringEnum(['', 'h3', 'h2', 'http/1.1', 'h3,h2,http/1.1', 'h3,h2', 'h2,http/1.1'], 'ALPN list (0.4.x: no h3).'),
  fingerprint: stringEnum(['', 'chrome', 'firefox', 'safari', 'ios', 'android', 'edge', '360', 'qq', 'random', 'randomized'], 'uTLS fingerprint.'),
  allowInsecure: { type: 'boolean' },
  disabled: { type: 'boolean' },
  muxEnable: { type: 'boolean' },
  randomUserAgent: { type: 'boolean' },
  useSniAsHost: { type: 'boolean' },
  fragment: { type: ['string', 'null'], pattern: FRAGMENT_PATTERN, description: 'length,interval,packet, e.g. 10-100,100-200,tlshello' },
  noise: { type: ['string', 'null'], maxLength: 2000, pattern: NOISE_PATTERN, description: 'packet[,delay] joined by &, e.g. rand:10-20,100-200&str:abc' },
}, ['remark', 'address']);

/** A live host in manifest terms, every field filled as the panel reads it back. */
export function fromWire(h: WireHost): Spec {
  const out: Spec = {};
  for (const field of HOST_FIELDS) out[field] = (h as unknown as Record<string, unknown>)[WIRE_NAMES[field]] ?? HOST_DEFAULTS[field];
  return out;
}

/**
 * The host to send: the live one exactly as it was read (its nulls included, §14), with the
 * fields the manifest sets on top. A host new to the list starts from nothing: the panel
 * fills its own defaults.
 */
export function toWire(desired: Spec, live: WireHost | undefined): Record<string, unknown> {
  const managed: Record<string, unknown> = {};
  for (const field of HOST_FIELDS) if (desired[field] !== undefined) managed[WIRE_NAMES[field]] = desired[field];
  // A host list is replaced whole (§9): fields of a later release go back as read (carried-fields.ts).
  return carriedBody(live, managed);
}
