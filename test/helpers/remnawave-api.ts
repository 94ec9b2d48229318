/** A bare HTTP client for Remnawave, used by tests to seed and read a panel independently of panelops. */
export interface RemnawaveApi {
  /** The unwrapped `response` of a 2xx answer; an error naming the status and body otherwise. */
  call<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** Status and parsed body (null when empty), whatever the status. */
  raw(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
}

export const PROXY = { 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'https' };

export function remnawaveApi(url: string, token: string): RemnawaveApi {
  const raw = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...PROXY, authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      // Not JSON (a subscription body): kept as text.
    }
    return { status: res.status, body: parsed };
  };
  return {
    raw,
    call: async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const r = await raw(method, path, body);
      if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return (r.body as { response?: T } | null)?.response as T;
    },
  };
}

export interface ApiUser {
  id: number;
  username: string;
  status: string;
  shortUuid: string;
  vlessUuid: string;
  trojanPassword: string;
  ssPassword: string;
  trafficLimitBytes: number;
  expireAt: string;
  description: string | null;
  activeInternalSquads: Array<{ uuid: string; name: string }>;
  userTraffic: { usedTrafficBytes: number };
}

export const userByName = (api: RemnawaveApi, name: string) => api.call<ApiUser>('GET', `/api/users/by-username/${encodeURIComponent(name)}`);

/** What must never move unless a manifest asks: credentials, subscription id and traffic. */
export const keysOf = (u: ApiUser) => JSON.stringify([u.vlessUuid, u.trojanPassword, u.ssPassword, u.shortUuid, u.userTraffic?.usedTrafficBytes ?? 0]);
