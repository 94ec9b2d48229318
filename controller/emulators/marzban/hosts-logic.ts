import type { EmuHost } from './types.ts';

const HOST_DEFAULTS: EmuHost = {
  remark: '',
  address: '',
  port: null,
  sni: null,
  host: null,
  path: null,
  security: 'inbound_default',
  alpn: '',
  fingerprint: '',
  allowinsecure: null,
  is_disabled: null,
  mux_enable: null,
  fragment_setting: null,
  noise_setting: null,
  random_user_agent: null,
  use_sni_as_host: null,
};

/** The host an inbound seen for the first time gets (marzban.md §9). */
export const defaultHost = (): EmuHost => ({ ...HOST_DEFAULTS, remark: '🚀 Marz ({USERNAME}) [{PROTOCOL} - {TRANSPORT}]', address: '{SERVER_IP}' });

export const nodeHost = (name: string, address: string): EmuHost => ({ ...HOST_DEFAULTS, remark: `${name} ({USERNAME}) [{PROTOCOL} - {TRANSPORT}]`, address });

const SECURITY = ['inbound_default', 'none', 'tls'];
const ALPN = ['', 'h3', 'h2', 'http/1.1', 'h3,h2,http/1.1', 'h3,h2', 'h2,http/1.1'];
const FINGERPRINT = ['', 'chrome', 'firefox', 'safari', 'ios', 'android', 'edge', '360', 'qq', 'random', 'randomized'];

/** Parses one host of a PUT body; returns the 422 field and message on a bad one. */
export function parseHost(raw: unknown): EmuHost | [string, string] {
  if (typeof raw !== 'object' || raw === null) return ['body', 'Input should be a valid dictionary'];
  const h = raw as Record<string, unknown>;
  for (const f of ['remark', 'address']) if (typeof h[f] !== 'string') return [f, 'Field required'];
  for (const f of ['remark', 'address']) if (!validFormat(String(h[f]))) return [f, 'Invalid formatting variables'];
  if (h.security !== undefined && !SECURITY.includes(String(h.security))) return ['security', `Input should be ${SECURITY.join(', ')}`];
  if (h.alpn !== undefined && !ALPN.includes(String(h.alpn))) return ['alpn', `Input should be ${ALPN.join(', ')}`];
  if (h.fingerprint !== undefined && !FINGERPRINT.includes(String(h.fingerprint))) return ['fingerprint', 'Input should be a valid fingerprint'];
  const out = { ...HOST_DEFAULTS };
  for (const key of Object.keys(HOST_DEFAULTS) as Array<keyof EmuHost>) {
    if (h[key] !== undefined) (out as Record<string, unknown>)[key] = h[key];
  }
  return out;
}

/** A Python format string: braces balanced around a variable name. */
const validFormat = (s: string): boolean => /^(?:[^{}]|\{\{|\}\}|\{[A-Z_]*\})*$/.test(s);

/** Null booleans read back as false (§9). */
export const hostResponse = (h: EmuHost): EmuHost => ({
  ...h,
  is_disabled: h.is_disabled ?? false,
  mux_enable: h.mux_enable ?? false,
  random_user_agent: h.random_user_agent ?? false,
  use_sni_as_host: h.use_sni_as_host ?? false,
});
