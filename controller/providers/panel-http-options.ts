import type { PanelHttpOptions } from './http.ts';
import type { PanelConfig } from './types.ts';

const MIB = 1024 * 1024;

/**
 * What the HTTP layer of a panel needs from its manifest beyond rate and timeout: the byte
 * caps of `limits` and the auth values, which no error, log line or status may carry.
 */
export function safetyOptionsOf(panel: PanelConfig): Pick<PanelHttpOptions, 'maxResponseBytes' | 'maxListBytes' | 'secrets'> {
  const { maxResponseMiB, maxListMiB } = panel.limits;
  return {
    ...(maxResponseMiB !== undefined ? { maxResponseBytes: maxResponseMiB * MIB } : {}),
    ...(maxListMiB !== undefined ? { maxListBytes: maxListMiB * MIB } : {}),
    secrets: authSecrets(panel.auth),
  };
}

/** A panel's auth values that are secrets. A username is none, and redacting "admin" would blank routes such as /api/admin/token. */
export const authSecrets = (auth: Readonly<Record<string, string>>): string[] => Object.entries(auth).flatMap(([field, value]) => (field === 'username' ? [] : [value]));
