import { FormLoginSession } from '../form-login.ts';
import type { PanelHttp, PanelResponse, RequestSpec } from '../http.ts';
import { listOf, listsByName, type ListSource } from '../list-answer.ts';
import type { MarzbanFacts } from './facts.ts';
import { checkUserPage } from './user-page.ts';
import type { Protocol, WireAdmin, WireHost, WireInbound, WireNode, WireTemplate, WireUser, WireUserWrite } from './wire.ts';

/**
 * One function per Marzban endpoint, no policy. Logs in with the OAuth2 password form
 * (marzban.md §2) and once more on a 401, requests in flight sharing that login (§14;
 * form-login.ts).
 */
export class MarzbanClient {
  private readonly session: FormLoginSession;
  /** What the session learns about the panel (its release, set once at connect; `facts.ts`), read by the kinds' checks. */
  readonly facts: MarzbanFacts = { release: '0.8' };

  constructor(
    private readonly http: PanelHttp,
    private readonly credentials: { username: string; password: string },
  ) {
    this.session = new FormLoginSession(http, credentials);
  }

  /** The admin this session logs in as (the panel's rules on sudo admins depend on it, §4). */
  get username(): string {
    return this.credentials.username;
  }

  login = (): Promise<void> => this.session.login();

  private async call<T>(spec: RequestSpec): Promise<T> {
    return (await this.respond(spec)).json<T>();
  }

  private respond = (spec: RequestSpec): Promise<PanelResponse> => this.session.respond(spec);

  system = () => this.call<{ version?: string }>({ method: 'GET', path: '/api/system', route: '/api/system' });
  currentAdmin = () => this.call<WireAdmin>({ method: 'GET', path: '/api/admin', route: '/api/admin' });
  /** The panel's name, for errors about what it answered. */
  get panel(): string {
    return this.http.panel;
  }

  /** Where a list answer came from, for the error that refuses a malformed one. */
  private source = (route: string): ListSource => ({ panel: this.http.panel, route });

  listAdmins = async () => listOf<WireAdmin>(await this.call<unknown>({ method: 'GET', path: '/api/admins', route: '/api/admins' }), this.source('/api/admins'), 'username');
  createAdmin = (body: object) => this.call<WireAdmin>({ method: 'POST', path: '/api/admin', route: '/api/admin', json: body });
  updateAdmin = (u: string, body: object) => this.call<WireAdmin>({ method: 'PUT', path: `/api/admin/${enc(u)}`, route: '/api/admin/{username}', json: body });
  deleteAdmin = (u: string) => this.call<unknown>({ method: 'DELETE', path: `/api/admin/${enc(u)}`, route: '/api/admin/{username}' });

  /** A page of users, each row turned by `map` as it arrives (pages of thousands are never held as text). */
  mapUsers = async <T>(offset: number, limit: number, map: (user: WireUser) => T, firstTotal?: number): Promise<{ users: T[]; total: number }> => {
    const res = await this.respond({ method: 'GET', path: '/api/users', route: '/api/users', query: { offset: offset || undefined, limit }, items: { field: 'users', key: 'username', map: (u) => map(u as WireUser) } });
    const total = checkUserPage(this.source('/api/users'), res.json<unknown>(), res.items, { offset, limit, ...(firstTotal !== undefined ? { firstTotal } : {}) });
    return { users: (res.items ?? []) as T[], total };
  };
  /** How many users match the given names exactly (limit 1: only the total is read). */
  countUsers = async (names: readonly string[]) =>
    (await this.call<{ total: number }>({ method: 'GET', path: '/api/users', route: '/api/users', query: { username: names, limit: 1 } })).total;
  getUser = (u: string) => this.call<WireUser>({ method: 'GET', path: `/api/user/${enc(u)}`, route: '/api/user/{username}' });
  createUser = (body: WireUserWrite) => this.call<WireUser>({ method: 'POST', path: '/api/user', route: '/api/user', json: body });
  updateUser = (u: string, body: WireUserWrite) => this.call<WireUser>({ method: 'PUT', path: `/api/user/${enc(u)}`, route: '/api/user/{username}', json: body });
  deleteUser = (u: string) => this.call<unknown>({ method: 'DELETE', path: `/api/user/${enc(u)}`, route: '/api/user/{username}' });
  setOwner = (u: string, admin: string) =>
    this.call<WireUser>({ method: 'PUT', path: `/api/user/${enc(u)}/set-owner`, route: '/api/user/{username}/set-owner', query: { admin_username: admin } });

  listTemplates = async () =>
    listOf<WireTemplate>(await this.call<unknown>({ method: 'GET', path: '/api/user_template', route: '/api/user_template' }), this.source('/api/user_template'), 'name');
  createTemplate = (body: object) => this.call<WireTemplate>({ method: 'POST', path: '/api/user_template', route: '/api/user_template', json: body });
  // 0.7.0 reads the id from the query only; the others from the path: both are sent (§14).
  updateTemplate = (id: number, body: object) =>
    this.call<WireTemplate>({ method: 'PUT', path: `/api/user_template/${id}`, route: '/api/user_template/{id}', query: { template_id: id }, json: body });
  deleteTemplate = (id: number) =>
    this.call<unknown>({ method: 'DELETE', path: `/api/user_template/${id}`, route: '/api/user_template/{id}', query: { template_id: id } });

  listNodes = async () => listOf<WireNode>(await this.call<unknown>({ method: 'GET', path: '/api/nodes', route: '/api/nodes' }), this.source('/api/nodes'), 'name');
  createNode = (body: object) => this.call<WireNode>({ method: 'POST', path: '/api/node', route: '/api/node', json: body });
  updateNode = (id: number, body: object) => this.call<WireNode>({ method: 'PUT', path: `/api/node/${id}`, route: '/api/node/{id}', json: body });
  deleteNode = (id: number) => this.call<unknown>({ method: 'DELETE', path: `/api/node/${id}`, route: '/api/node/{id}' });

  inbounds = async (): Promise<Partial<Record<Protocol, WireInbound[]>>> =>
    listsByName<WireInbound>(await this.call<unknown>({ method: 'GET', path: '/api/inbounds', route: '/api/inbounds' }), this.source('/api/inbounds'), 'tag');
  hosts = async () => listsByName<WireHost>(await this.call<unknown>({ method: 'GET', path: '/api/hosts', route: '/api/hosts' }), this.source('/api/hosts'));
  putHosts = (body: Record<string, WireHost[]>) => this.call<Record<string, WireHost[]>>({ method: 'PUT', path: '/api/hosts', route: '/api/hosts', json: body });
}

const enc = encodeURIComponent;
