import type { Rng } from '../kit/index.ts';
import type { XuiClient, XuiInbound } from './types.ts';

/**
 * Credential generation by protocol (3x-ui.md §4.1, §4.2). Everything comes from the
 * seeded Rng so runs repeat. One record carries every credential it needs, and a value
 * generated for the first inbound is reused for later ones.
 */

const hex8 = (rng: Rng): string => Math.floor(rng.next() * 0x1_0000_0000).toString(16).padStart(8, '0');

/** A version-4 UUID from four Rng draws (cheap enough to seed 100,000 clients). */
export function fastUuid(rng: Rng): string {
  const a = hex8(rng);
  const b = hex8(rng);
  const c = hex8(rng);
  const d = hex8(rng);
  const variant = (8 + (parseInt(c[0] ?? '0', 16) & 3)).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

export const randomHex = (rng: Rng, chars: number): string => {
  let s = '';
  while (s.length < chars) s += hex8(rng);
  return s.slice(0, chars);
};

export const randomBase64 = (rng: Rng, bytes: number): string =>
  Buffer.from(Array.from({ length: bytes }, () => rng.int(0, 255))).toString('base64');

/** subIds from inbound paths: 16 chars of [a-z0-9] (§4.1). */
export const shortSubId = (rng: Rng): string => rng.string(16, 'abcdefghijklmnopqrstuvwxyz0123456789');

/** Key length of a shadowsocks-2022 method, or 0 for a classic method. */
export function ss2022KeyBytes(method: string): number {
  if (!method.startsWith('2022-blake3-')) return 0;
  return method.includes('aes-128') ? 16 : 32;
}

export function validSs2022Key(key: string, bytes: number): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) return false;
  return Buffer.from(key, 'base64').length === bytes;
}

/** Fills the record's missing credentials for this inbound's protocol (§4.1). */
export function ensureCredentials(rng: Rng, client: XuiClient, inbound: XuiInbound): void {
  switch (inbound.protocol) {
    case 'vless':
    case 'vmess':
      if (!client.uuid) client.uuid = fastUuid(rng);
      return;
    case 'trojan':
      if (!client.password) client.password = fastUuid(rng).replace(/-/g, '');
      return;
    case 'shadowsocks': {
      const bytes = ss2022KeyBytes(String(inbound.settings.method ?? ''));
      if (!client.password) client.password = bytes > 0 ? randomBase64(rng, bytes) : randomHex(rng, 32);
      return;
    }
    case 'hysteria':
      if (!client.auth) client.auth = rng.string(16);
      return;
    case 'wireguard':
      if (!client.privateKey) client.privateKey = randomBase64(rng, 32);
      if (!client.publicKey) client.publicKey = randomBase64(rng, 32);
      if (client.allowedIPs.length === 0) client.allowedIPs = [`10.0.${(client.id >> 8) & 255}.${client.id & 255}/32`];
      return;
    case 'mtproto':
      if (!client.secret) client.secret = randomHex(rng, 32);
      return;
    default:
      return;
  }
}

