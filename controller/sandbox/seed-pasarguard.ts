import type { PasarGuardEmulator } from '../emulators/pasarguard/index.ts';

/** The sandbox owner (role owner, made by the setup flow on a real panel). */
export const PASARGUARD_SANDBOX_LOGIN = { username: 'owner', password: 'Sandbox-Owner-12!' };

/** A self-signed certificate (public part only) for the example node: sandbox data, not a secret. */
const SANDBOX_NODE_CA = `-----BEGIN CERTIFICATE-----
MIIBdDCCARmgAwIBAgIUSGlQf3XZyjebQ/aAlCG+ZoswguowCgYIKoZIzj0EAwIw
DzENMAsGA1UEAwwEbm9kZTAeFw0yNjEyMDcyMTMxMTJaFw0zNjEyMDQyMTMxMTJa
MA8xDTALBgNVBAMMBG5vZGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARNmgJ6
+RX8jj6nBK4VFP3iyqS1HdTQtmQOpf9NmVLYIn0RATI7SjT2t32R1m1HA7/AQjGk
MyKADv2zA4g1uwZKo1MwUTAdBgNVHQ4EFgQUBlN/LwFvrzWgmUYoF+dWtbhKDOAw
HwYDVR0jBBgwFoAUBlN/LwFvrzWgmUYoF+dWtbhKDOAwDwYDVR0TAQH/BAUwAwEB
/zAKBggqhkjOPQQDAgNJADBGAiEAmo3OGRB8ZbD+Ja62vmWpVHQwAnShDinr3665
cMHdtsUCIQCvDr/DCKiLZwpuYjnCckKiUqveiIfaklOg7bGD/YI/bw==
-----END CERTIFICATE-----`;

/** Secrets the example manifests read, with sandbox values (never real ones). */
export const PASARGUARD_EXAMPLE_SECRETS: Record<string, string> = {
  PASARGUARD_RESELLER_PASSWORD: 'Sandbox-Reseller-34!',
  PASARGUARD_NODE_API_KEY: '5d3c1b2a-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
  PASARGUARD_NODE_CA: SANDBOX_NODE_CA,
};

/**
 * A panel that was in use before panelops: a group and a dozen users in it that nobody has
 * written manifests for. The demo shows them as unmanaged and leaves them alone.
 */
export function seedPasarGuardSandbox(emulator: PasarGuardEmulator): void {
  const legacy = emulator.state.addGroup({ name: 'legacy', inbound_tags: ['Shadowsocks TCP'], is_disabled: false });
  emulator.seedUsers(12, { prefix: 'legacy', groupIds: [legacy.id] });
}
