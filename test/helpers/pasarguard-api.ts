import { PASARGUARD_EXAMPLE_SECRETS } from '../../controller/sandbox/seed-pasarguard.ts';

/** A bare HTTP client for PasarGuard, used by tests to seed and inspect a panel independently of panelops. */
export interface PasarGuardApi {
  /** Any answer, with its status: for the cases that expect a refusal. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  get<T = unknown>(path: string): Promise<T>;
  send<T = unknown>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
  token: string;
}

export async function pasarGuardToken(url: string, username: string, password: string): Promise<{ status: number; token?: string }> {
  const res = await fetch(`${url}/api/admin/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }),
  });
  const body = (await res.json()) as { access_token?: string };
  return body.access_token ? { status: res.status, token: body.access_token } : { status: res.status };
}

export async function pasarGuardApi(url: string, username: string, password: string): Promise<PasarGuardApi> {
  const login = await pasarGuardToken(url, username, password);
  if (!login.token) throw new Error(`login as ${username} failed: ${login.status}`);
  const token = login.token;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}` }) => {
    const res = await fetch(`${url}${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const ok = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await call(method, path, body);
    if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  return { call, get: (path) => ok('GET', path), send: (method, path, body) => ok(method, path, body), token };
}

/** A self-signed certificate (public part only) that nodes accept as their server_ca. */
export const NODE_CA = PASARGUARD_EXAMPLE_SECRETS.PASARGUARD_NODE_CA ?? '';
