/** A bare HTTP client for Marzban, used by tests to look at (and tamper with) a panel independently of panelops. */
export interface MarzbanApi {
  get<T = unknown>(path: string): Promise<T>;
  send<T = unknown>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
  status(path: string): Promise<number>;
}

export async function marzbanApi(url: string, username = 'admin', password = 'sandbox-admin-pass'): Promise<MarzbanApi> {
  const login = await fetch(`${url}/api/admin/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    get: (path) => call('GET', path),
    send: (method, path, body) => call(method, path, body),
    status: async (path) => (await fetch(`${url}${path}`, { headers })).status,
  };
}

export interface ApiUser {
  username: string;
  status: string;
  data_limit: number | null;
  expire: number | null;
  used_traffic: number;
  note: string | null;
  proxies: Record<string, { id?: string; password?: string; flow?: string; method?: string }>;
  inbounds: Record<string, string[]>;
  admin: { username: string } | null;
  next_plan?: { data_limit: number | null; expire: number | null } | null;
  on_hold_expire_duration: number | null;
}
