import type { MarzbanEmulator } from '../emulators/marzban/index.ts';

/**
 * A panel that was in use before panelops: a dozen users nobody has written manifests for.
 * The demo shows them as unmanaged and leaves them alone.
 */
export function seedMarzbanSandbox(emulator: MarzbanEmulator): void {
  emulator.seedUsers(12, { prefix: 'legacy' });
}

/** Secrets the example manifests read, with sandbox values (never real ones). */
export const MARZBAN_EXAMPLE_SECRETS: Record<string, string> = {
  MARZBAN_RESELLER_EU_PASSWORD: 'sandbox-reseller-eu-pass',
  MARZBAN_RESELLER_ASIA_PASSWORD: 'sandbox-reseller-asia-pass',
  MARZBAN_SUPPORT_PASSWORD: 'sandbox-support-pass',
};
