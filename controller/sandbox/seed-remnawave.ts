import type { RemnawaveEmulator } from '../emulators/remnawave/index.ts';
import { createUser } from '../emulators/remnawave/user-write.ts';

/** The examples pin this VLESS UUID for one user (a subscriber carried over from another panel): a sandbox value. */
export const REMNAWAVE_EXAMPLE_SECRETS: Record<string, string> = {
  REMNAWAVE_CARRIED_VLESS: '5d9e3a41-7c2b-4f08-9a6e-1b2c3d4e5f60',
};

/**
 * A panel in use before panelops: an "Edge" config profile with a VLESS and a Trojan inbound
 * (profiles are made in the panel's UI; panelops only reads them) and some subscribers nobody
 * has written manifests for.
 */
export function seedRemnawaveSandbox(emulator: RemnawaveEmulator): void {
  const state = emulator.state;
  state.addProfile('Edge', {
    inbounds: [
      { tag: 'VLESS TCP REALITY', port: 443, protocol: 'vless', settings: { clients: [], decryption: 'none' }, streamSettings: { network: 'tcp', security: 'reality' } },
      { tag: 'Trojan TCP', port: 8443, protocol: 'trojan', settings: { clients: [] }, streamSettings: { network: 'tcp', security: 'tls' } },
    ],
    outbounds: [{ tag: 'DIRECT', protocol: 'freedom' }],
  });
  for (let i = 1; i <= 6; i++) createUser(state, { username: `legacy${i}`, expireAt: '2030-01-01T00:00:00Z', trafficLimitBytes: i * 10 * 2 ** 30 });
}
