import type { PasarGuardEmulator } from '../../../controller/emulators/pasarguard/index.ts';

type Answer = { status: number; body: any; headers: Headers }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One request to the emulator with an optional bearer token or API key; the body parsed when there is one. */
export async function call(emu: PasarGuardEmulator, method: string, path: string, auth?: string | { apiKey: string }, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (typeof auth === 'string') headers.authorization = `Bearer ${auth}`;
  else if (auth) headers['x-api-key'] = auth.apiKey;
  const res = await fetch(`${emu.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

export async function login(emu: PasarGuardEmulator, username = 'owner', password = 'Sandbox-Owner-12!'): Promise<string> {
  const res = await fetch(`${emu.url}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
