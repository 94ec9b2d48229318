import { requiredText } from './http-errors.ts';
import type { EmuHost, MarzbanVersion } from './types.ts';
import { valueError } from './wording.ts';

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
const ALPN_042 = ['', 'h2', 'http/1.1', 'h2,http/1.1'];

/** Host fields each release does not have: ignored in a PUT, absent from answers (§11, §13, §15). */
const MISSING_FIELDS: Record<MarzbanVersion, ReadonlyArray<keyof EmuHost>> = {
  '0.4.2': ['mux_enable', 'fragment_setting', 'noise_setting', 'random_user_agent', 'use_sni_as_host'],
  '0.7.0': ['use_sni_as_host'],
  '0.8.4': [],
};

// 0.7.0 and 0.8.4 check these (§15, §16.2); a number or a range of numbers, then the packet kind.
const RANGE = String.raw`\d{1,5}(?:-\d{1,5})?`;
const FRAGMENT = new RegExp(`^${RANGE},${RANGE},(?:tlshello|${RANGE})$`);
const NOISE_PART = `(?:rand:${RANGE}|(?:str|hex|base64):[^&,]+)(?:,${RANGE})?`;
const NOISE = new RegExp(`^${NOISE_PART}(?:&${NOISE_PART})*$`);
const FINGERPRINT = ['', 'chrome', 'firefox', 'safari', 'ios', 'android', 'edge', '360', 'qq', 'random', 'randomized'];

/** Parses one host of a PUT body; returns the 422 field and message on a bad one. */
export function parseHost(raw: unknown, version: MarzbanVersion): EmuHost | [string, string] {
  if (typeof raw !== 'object' || raw === null) return ['body', 'Input should be a valid dictionary'];
  const h = raw as Record<string, unknown>;
  for (const f of ['remark', 'address']) if (typeof h[f] !== 'string') return [f, requiredText(version)];
  for (const f of ['remark', 'address']) if (!validFormat(String(h[f]))) return [f, 'Invalid formatting variables'];
  if (h.security !== undefined && !SECURITY.includes(String(h.security))) return ['security', `Input should be ${SECURITY.join(', ')}`];
  const alpn = version === '0.4.2' ? ALPN_042 : ALPN;
  if (h.alpn !== undefined && !alpn.includes(String(h.alpn))) return ['alpn', `Input should be ${alpn.join(', ')}`];
  if (h.fingerprint !== undefined && !FINGERPRINT.includes(String(h.fingerprint))) return ['fingerprint', 'Input should be a valid fingerprint'];
  // 0.7.0 checks both as 0.8.4 does (§16.2), in pydantic 1's words; 0.4.2 has neither field.
  if (version !== '0.4.2') {
    const fragment = h.fragment_setting;
    if (typeof fragment === 'string' && fragment !== '' && !FRAGMENT.test(fragment)) {
      return ['fragment_setting', valueError(version, 'Fragment setting must be like this: length,interval,packet (10-100,100-200,tlshello).')];
    }
    const noise = h.noise_setting;
    if (typeof noise === 'string' && noise !== '' && (noise.length > 2000 || !NOISE.test(noise))) {
      if (version === '0.7.0') return ['noise_setting', noise.length > 2000 ? "Noise can't be longer that 2000 character" : 'Noise setting must be like this: packet,delay (rand:10-20,100-200).'];
      return ['noise_setting', 'Value error, Noise setting must be like this: packet,delay (rand:10-20,100-200&str:abc).'];
    }
  }
  const out = { ...HOST_DEFAULTS };
  const missing = MISSING_FIELDS[version];
  for (const key of Object.keys(HOST_DEFAULTS) as Array<keyof EmuHost>) {
    if (h[key] !== undefined && !missing.includes(key)) (out as Record<string, unknown>)[key] = h[key];
  }
  return out;
}

/** A Python format string: braces balanced around a variable name. */
const validFormat = (s: string): boolean => /^(?:[^{}]|\{\{|\}\}|\{[A-Z_]*\})*$/.test(s);

/** Null booleans read back as false (§9); `allowinsecure` stays null until written (§14). */
export function hostResponse(h: EmuHost, version: MarzbanVersion): Partial<EmuHost> {
  const out: Partial<EmuHost> = {
    ...h,
    is_disabled: h.is_disabled ?? false,
    mux_enable: h.mux_enable ?? false,
    random_user_agent: h.random_user_agent ?? false,
    use_sni_as_host: h.use_sni_as_host ?? false,
  };
  for (const key of MISSING_FIELDS[version]) delete out[key];
  return out;
}
