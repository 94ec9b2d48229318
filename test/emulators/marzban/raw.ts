import type { MarzbanEmulator } from '../../../controller/emulators/marzban/index.ts';

export interface Raw {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
}

/** Raw HTTP against the emulator: status and parsed body, never throwing on 4xx. */
export async function call(emu: MarzbanEmulator, method: string, path: string, token?: string, body?: unknown): Promise<Raw> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // plain text body
  }
  return { status: res.status, body: parsed };
}

export async function login(emu: MarzbanEmulator, username = 'admin', password = 'sandbox-admin-pass'): Promise<string> {
  const res = await fetch(`${emu.url}/api/admin/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}
