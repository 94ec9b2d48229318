import type { XuiEmulator } from '../emulators/3x-ui/index.ts';

/** The emulated panel's API token: a sandbox value, not a secret. */
export const XUI_SANDBOX_TOKEN = 'sandbox-xui-token-0123456789abcdef0123456789abcdef';

/** A panel in use before panelops: some clients nobody has written manifests for. */
export function seedXuiSandbox(emulator: XuiEmulator): void {
  emulator.seedClients(8, { prefix: 'legacy' });
}

/** Secrets the 3x-ui examples read, with sandbox values. */
export const XUI_EXAMPLE_SECRETS: Record<string, string> = {
  XUI_ROUTER_UUID: '3b0f5a2c-6a57-4d8e-9b1e-2f0c9a7d1e44',
};
