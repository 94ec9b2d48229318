/**
 * Credentials that need no panel: derived from a fleet key, or given by reference. Derived
 * keys are an HMAC-SHA256 of the key and the subscriber's name, so nothing is stored anywhere
 * and every run computes the same keys.
 */
import { createHmac } from 'node:crypto';
import { resolveSecret, type SecretRef, type SecretSource } from '../manifest/secrets.ts';
import { CREDENTIAL_NAMES, type CredentialName, type Credentials } from './targets/adapter.ts';

const mac = (key: string, name: string, credential: CredentialName): Buffer =>
  createHmac('sha256', key).update(`panelops subscriber\u0000${name}\u0000${credential}`).digest();

/** A UUID in version 4 form (variant and version bits set), so every panel accepts it. */
function uuidFrom(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The subscriber's keys from a fleet key: a UUID for VLESS, 22 URL-safe characters for the
 * Trojan and Shadowsocks passwords (as Marzban makes them; PasarGuard wants at least 22 for
 * Shadowsocks, Remnawave 8 to 32).
 */
export function deriveCredentials(key: string, name: string): Credentials {
  const password = (credential: CredentialName) => mac(key, name, credential).toString('base64url').slice(0, 22);
  return { vless: uuidFrom(mac(key, name, 'vless')), trojan: password('trojan'), shadowsocks: password('shadowsocks') };
}

/** Credentials given as references, one per credential. Throws naming the reference, never a value. */
export function referencedCredentials(refs: Partial<Record<CredentialName, SecretRef>>, source: SecretSource): Credentials {
  const out: Credentials = {};
  for (const name of CREDENTIAL_NAMES) {
    const ref = refs[name];
    if (ref) out[name] = resolveSecret(ref, source);
  }
  return out;
}
