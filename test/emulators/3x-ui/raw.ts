import type { XuiEmulator } from '../../../controller/emulators/3x-ui/index.ts';

export const TOKEN = 'sandbox-xui-token-0123456789abcdef0123456789abcdef';

export interface Raw {
  status: number;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
}

/** A raw call under /panel/api with the sandbox token unless `headers` says otherwise. */
export async function api(emu: XuiEmulator, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): Promise<Raw> {
  const res = await fetch(`${emu.url}/panel/api${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, text, body: parsed };
}

export const inboundId = async (emu: XuiEmulator, tag: string): Promise<number> =>
  ((await api(emu, 'GET', '/inbounds/options')).body.obj as Array<{ id: number; tag: string }>).find((o) => o.tag === tag)?.id ?? -1;
