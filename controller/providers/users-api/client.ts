import { excerpt, PanelError } from '../errors.ts';
import type { PanelHttp, RequestSpec } from '../http.ts';
import type { WireUserDetail, WireUserSummary } from './wire.ts';

/** One function per Users API endpoint; every request carries X-API-Key (users-api.md §1). */
export class UsersApi {
  constructor(
    private readonly http: PanelHttp,
    private readonly apiKey: string,
  ) {}

  private async call<T>(spec: RequestSpec, expect: number[] = [200]): Promise<T> {
    const res = await this.http.request({ ...spec, headers: { 'x-api-key': this.apiKey } });
    if (!expect.includes(res.status)) {
      let detail = excerpt(res.text);
      try {
        const body = res.json<{ message?: string; error?: string }>();
        detail = body?.error ?? body?.message ?? detail;
      } catch {
        // not JSON
      }
      throw new PanelError(`${spec.method} ${spec.route ?? spec.path} answered ${res.status}: ${detail || 'no reason given'}`, {
        panel: this.http.panel,
        status: res.status,
        retryable: res.status === 429 || res.status >= 500,
        outcomeUnknown: spec.method === 'POST' && res.status >= 500,
      });
    }
    return res.json<T>();
  }

  /** Checks the key before anything else, so a bad key fails the connection, not every object. */
  verify = () => this.call<unknown>({ method: 'GET', path: '/api/users', route: '/api/users', query: { page: 1, per_page: 1 } });

  listPage = async (page: number, perPage: number) =>
    (await this.call<{ users: WireUserSummary[] }>({ method: 'GET', path: '/api/users', route: '/api/users', query: { page, per_page: perPage } })).users;
  getUser = async (id: number) => (await this.call<{ user: WireUserDetail }>({ method: 'GET', path: `/api/users/${id}`, route: '/api/users/{id}' })).user;
  createUser = async (body: { username: string; email: string; password: string; role_ids?: number[] }) =>
    (await this.call<{ user: WireUserSummary }>({ method: 'POST', path: '/api/users', route: '/api/users', json: body }, [200, 201])).user;
  updateUser = (id: number, body: { email?: string; password?: string }) =>
    this.call<unknown>({ method: 'PUT', path: `/api/users/${id}`, route: '/api/users/{id}', json: body });
  setRoles = (id: number, roleIds: number[]) => this.call<unknown>({ method: 'PUT', path: `/api/users/${id}/roles`, route: '/api/users/{id}/roles', json: { role_ids: roleIds } });
  block = (id: number, body: { reason?: string; until?: string }) =>
    this.call<unknown>({ method: 'POST', path: `/api/users/${id}/block`, route: '/api/users/{id}/block', json: body, idempotent: true });
  unblock = (id: number) => this.call<unknown>({ method: 'POST', path: `/api/users/${id}/unblock`, route: '/api/users/{id}/unblock', json: {}, idempotent: true });
}
