import { listIn } from '../list-answer.ts';
import { excerpt, PanelError } from '../errors.ts';
import type { PanelHttp, RequestSpec } from '../http.ts';
import { parseRetryAfter } from '../retry-policy.ts';
import type { RouteBudget } from './route-budget.ts';
import type { FluteRole, FluteUser, FluteUserDetail, WireUserDetail, WireUserSummary } from './wire.ts';

/** How long one request may keep waiting out 429s before it fails: a slow fleet, not a stuck one. */
const MAX_THROTTLED_MS = 10 * 60_000;

/** The full-replacement body of a Flute PUT /api/users/{id} (users-api.md §7). */
export interface FluteUserBody {
  name: string;
  login: string;
  email: string;
  password: string;
}

/**
 * One function per Users API endpoint, in both dialects; every request carries X-API-Key
 * (users-api.md §1). With a budget (Flute), each route keeps to it, and a 429 pauses that
 * route until Retry-After and sends again: a throttled request was not processed.
 */
export class UsersApi {
  constructor(
    private readonly http: PanelHttp,
    private readonly apiKey: string,
    private budget?: RouteBudget,
  ) {}

  /** Flute's throttle applies from here on. */
  useBudget(budget: RouteBudget): void {
    this.budget = budget;
  }

  private async call<T>(spec: RequestSpec, expect: number[] = [200]): Promise<T> {
    const route = `${spec.method} ${spec.route ?? spec.path}`;
    const started = Date.now();
    for (;;) {
      const answered = await this.budget?.take(route);
      const res = await this.http.request({ ...spec, headers: { 'x-api-key': this.apiKey } }).finally(() => answered?.());
      if (res.status === 429 && this.budget && Date.now() - started < MAX_THROTTLED_MS) {
        this.budget.pause(route, parseRetryAfter(res.headers.get('retry-after')) ?? 1000);
        continue;
      }
      if (!expect.includes(res.status)) throw this.failure(spec, res.status, res.text, res);
      return res.json<T>();
    }
  }

  private failure(spec: RequestSpec, status: number, text: string, res: { json<U>(): U }): PanelError {
    let detail = excerpt(text);
    try {
      const body = res.json<{ message?: string; error?: string }>();
      detail = body?.error ?? body?.message ?? detail;
    } catch {
      // not JSON
    }
    return new PanelError(`${spec.method} ${spec.route ?? spec.path} answered ${status}: ${detail || 'no reason given'}`, {
      panel: this.http.panel,
      status,
      retryable: status === 429 || status >= 500,
      outcomeUnknown: spec.method === 'POST' && status >= 500,
    });
  }

  /** The first page, which also checks the key; its shape tells the dialect. */
  firstPage = async () =>
    listIn<unknown>(await this.call<unknown>({ method: 'GET', path: '/api/users', route: '/api/users', query: { page: 1, per_page: 1 } }), { panel: this.http.panel, route: '/api/users', field: 'users' });
  /** Flute's GET /api/status; undefined where the panel has no such route (the seed). */
  status = async () => {
    const res = await this.http.request({ method: 'GET', path: '/api/status', route: '/api/status', headers: { 'x-api-key': this.apiKey } });
    return res.status === 200 ? res.json<{ flute_version?: string }>() : undefined;
  };

  /** A page of users; an answer without its list fails the read (list-answer.ts), never reads as no users. */
  listPage = async (page: number, perPage: number) =>
    listIn<WireUserSummary>(await this.call<unknown>({ method: 'GET', path: '/api/users', route: '/api/users', query: { page, per_page: perPage } }), { panel: this.http.panel, route: '/api/users', field: 'users' });
  getUser = async (id: number) => (await this.call<{ user: WireUserDetail }>({ method: 'GET', path: `/api/users/${id}`, route: '/api/users/{id}' })).user;
  createUser = async (body: { username: string; email: string; password: string; role_ids?: number[] }) =>
    (await this.call<{ user: WireUserSummary }>({ method: 'POST', path: '/api/users', route: '/api/users', json: body }, [200, 201])).user;
  updateUser = (id: number, body: { email?: string; password?: string }) =>
    this.call<unknown>({ method: 'PUT', path: `/api/users/${id}`, route: '/api/users/{id}', json: body });
  setRoles = (id: number, roleIds: number[]) => this.call<unknown>({ method: 'PUT', path: `/api/users/${id}/roles`, route: '/api/users/{id}/roles', json: { role_ids: roleIds } });
  block = (id: number, body: { reason?: string; until?: string }) =>
    this.call<unknown>({ method: 'POST', path: `/api/users/${id}/block`, route: '/api/users/{id}/block', json: body, idempotent: true });
  unblock = (id: number) => this.call<unknown>({ method: 'POST', path: `/api/users/${id}/unblock`, route: '/api/users/{id}/unblock', json: {}, idempotent: true });

  // The Flute module (users-api.md §4, §7): every user in one answer, whole-user writes, a role list.
  fluteUsers = async () => listIn<FluteUser>(await this.call<unknown>({ method: 'GET', path: '/api/users', route: '/api/users' }), { panel: this.http.panel, route: '/api/users', field: 'users' });
  fluteUser = async (id: number) => (await this.call<{ user: FluteUserDetail }>({ method: 'GET', path: `/api/users/${id}`, route: '/api/users/{id}' })).user;
  fluteCreate = async (body: FluteUserBody) =>
    (await this.call<{ user: FluteUser }>({ method: 'POST', path: '/api/users', route: '/api/users', json: body }, [200, 201])).user;
  fluteUpdate = (id: number, body: FluteUserBody) => this.call<unknown>({ method: 'PUT', path: `/api/users/${id}`, route: '/api/users/{id}', json: body });
  fluteRoles = async () => (await this.call<{ roles: FluteRole[] }>({ method: 'GET', path: '/api/roles', route: '/api/roles' })).roles;
}
