import { checked, FormLoginSession } from '../form-login.ts';
import type { PanelHttp, PanelResponse, RequestSpec } from '../http.ts';
import { listIn, listOf, malformed, type ListSource } from '../list-answer.ts';
import { describe } from '../response-body.ts';
import { checkUserPage } from '../marzban/user-page.ts';
import type { PanelFacts } from '../types.ts';
import type { WireAdmin, WireGroup, WireHost, WireNode, WireRole, WireTemplate, WireUser } from './wire.ts';

/** What a session learns about its panel: its release and, when a check asks, its inbound tags. */
export interface PasarGuardFacts extends PanelFacts {
  version?: string;
}

/** Either an admin's name and password (a JWT from the OAuth2 form) or an API key (v5.1+, pasarguard.md §2). */
export type PasarGuardLogin = { username: string; password: string } | { apiKey: string };

/**
 * One function per PasarGuard endpoint, no policy; the `by-id` routes throughout (the name
 * routes are deprecated, §1). With a password it logs in as Marzban does (form-login.ts); an
 * API key is sent as `X-Api-Key` and outlives password changes, which is why a controller
 * should prefer one (§2).
 */
export class PasarGuardClient {
  private readonly session: FormLoginSession | undefined;
  private groupsRead: Promise<WireGroup[]> | undefined;
  private templatesRead: Promise<WireTemplate[]> | undefined;
  readonly facts: PasarGuardFacts = {};

  constructor(
    private readonly http: PanelHttp,
    private readonly credentials: PasarGuardLogin,
  ) {
    this.session = 'apiKey' in credentials ? undefined : new FormLoginSession(http, credentials);
  }

  get panel(): string {
    return this.http.panel;
  }

  login = async (): Promise<void> => this.session?.login();

  private async respond(spec: RequestSpec): Promise<PanelResponse> {
    if (this.session) return this.session.respond(spec);
    const key = (this.credentials as { apiKey: string }).apiKey;
    return checked(this.http.panel, spec, await this.http.request({ ...spec, headers: { 'x-api-key': key } }));
  }

  private async call<T>(spec: RequestSpec): Promise<T> {
    const res = await this.respond(spec);
    // Deletes answer 204 with no body (§1).
    return (res.status === 204 ? undefined : res.json<T>()) as T;
  }

  private source = (route: string, field?: string): ListSource & { field: string } => ({ panel: this.http.panel, route, field: field ?? '' });

  system = () => this.call<{ version?: string }>({ method: 'GET', path: '/api/system', route: '/api/system' });
  /** A flat array of tags (§11). */
  inbounds = async (): Promise<string[]> => {
    const tags = await this.call<unknown>({ method: 'GET', path: '/api/inbounds', route: '/api/inbounds' });
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw malformed({ panel: this.panel, route: '/api/inbounds' }, `the answer holds ${describe(tags)} where a list of inbound tags should be`);
    return tags as string[];
  };

  /**
   * Whether `password` is already this admin's, asked by logging in: a login changes nothing,
   * while any password write ends the admin's sessions (§2). 401: it is not; other answers fail.
   */
  passwordWorks = async (username: string, password: string): Promise<boolean> => {
    const res = await this.http.request({ method: 'POST', path: '/api/admin/token', route: '/api/admin/token', form: { username, password, grant_type: 'password' }, idempotent: true });
    if (res.status === 200) return true;
    if (res.status === 401) return false;
    checked(this.http.panel, { method: 'POST', path: '/api/admin/token', route: '/api/admin/token' }, res);
    return false;
  };
  listAdmins = async () => listIn<WireAdmin>(await this.call<unknown>({ method: 'GET', path: '/api/admins', route: '/api/admins' }), this.source('/api/admins', 'admins'), 'username');
  listRoles = async () => listIn<WireRole>(await this.call<unknown>({ method: 'GET', path: '/api/admin-roles', route: '/api/admin-roles' }), this.source('/api/admin-roles', 'roles'), 'name');
  createAdmin = (body: object) => this.call<WireAdmin>({ method: 'POST', path: '/api/admin', route: '/api/admin', json: body });
  updateAdmin = (id: number, body: object) => this.call<WireAdmin>({ method: 'PUT', path: `/api/admin/by-id/${id}`, route: '/api/admin/by-id/{id}', json: body });
  deleteAdmin = (id: number) => this.call<void>({ method: 'DELETE', path: `/api/admin/by-id/${id}`, route: '/api/admin/by-id/{id}' });

  /** A page of users, each row turned by `map` as it arrives. */
  mapUsers = async <T>(offset: number, limit: number, map: (user: WireUser) => T, firstTotal?: number): Promise<{ users: T[]; total: number }> => {
    const res = await this.respond({ method: 'GET', path: '/api/users', route: '/api/users', query: { offset: offset || undefined, limit }, items: { field: 'users', key: 'username', map: (u) => map(u as WireUser) } });
    const total = checkUserPage(this.source('/api/users'), res.json<unknown>(), res.items, { offset, limit, ...(firstTotal !== undefined ? { firstTotal } : {}) });
    return { users: (res.items ?? []) as T[], total };
  };
  /** A user by exact name (`?username=` is exact and case-sensitive, §6): undefined when absent, never a 404. */
  findUser = async (username: string) =>
    listIn<WireUser>(await this.call<unknown>({ method: 'GET', path: '/api/users', route: '/api/users', query: { username: [username] } }), this.source('/api/users', 'users'), 'username').find((u) => u.username === username);
  getUser = (id: number) => this.call<WireUser>({ method: 'GET', path: `/api/user/by-id/${id}`, route: '/api/user/by-id/{id}' });
  createUser = (body: object) => this.call<WireUser>({ method: 'POST', path: '/api/user', route: '/api/user', json: body });
  updateUser = (id: number, body: object) => this.call<WireUser>({ method: 'PUT', path: `/api/user/by-id/${id}`, route: '/api/user/by-id/{id}', json: body });
  /** The dedicated switch (v5.0+, §5.3): `false` lets the panel resolve the status (expired, limited, on_hold or active). */
  setUserDisabled = (id: number, disabled: boolean) =>
    this.call<WireUser>({ method: 'PUT', path: `/api/user/by-id/${id}/disabled`, route: '/api/user/by-id/{id}/disabled', json: { disabled } });
  setOwner = (id: number, admin: string) =>
    this.call<WireUser>({ method: 'PUT', path: `/api/user/by-id/${id}/set_owner`, route: '/api/user/by-id/{id}/set_owner', query: { admin_username: admin } });
  deleteUser = (id: number) => this.call<void>({ method: 'DELETE', path: `/api/user/by-id/${id}`, route: '/api/user/by-id/{id}' });

  /**
   * Groups and templates, each read once per session until one of them is written: users and
   * templates name them, so every list and write resolves names through these reads.
   */
  listGroups = (): Promise<WireGroup[]> => {
    this.groupsRead ??= this.call<unknown>({ method: 'GET', path: '/api/groups', route: '/api/groups' }).then((body) => listIn<WireGroup>(body, this.source('/api/groups', 'groups'), 'name'));
    this.groupsRead.catch(() => (this.groupsRead = undefined));
    return this.groupsRead;
  };
  listTemplates = (): Promise<WireTemplate[]> => {
    this.templatesRead ??= this.call<unknown>({ method: 'GET', path: '/api/user_templates', route: '/api/user_templates' }).then((body) => listOf<WireTemplate>(body, { panel: this.panel, route: '/api/user_templates' }, 'name'));
    this.templatesRead.catch(() => (this.templatesRead = undefined));
    return this.templatesRead;
  };
  /** A write after which the cached groups and templates are read again. */
  private written = async <T>(write: Promise<T>): Promise<T> => {
    try {
      return await write;
    } finally {
      this.groupsRead = undefined;
      this.templatesRead = undefined;
    }
  };
  createGroup = (body: object) => this.written(this.call<WireGroup>({ method: 'POST', path: '/api/group', route: '/api/group', json: body }));
  updateGroup = (id: number, body: object) => this.written(this.call<WireGroup>({ method: 'PUT', path: `/api/group/${id}`, route: '/api/group/{id}', json: body }));
  deleteGroup = (id: number) => this.written(this.call<void>({ method: 'DELETE', path: `/api/group/${id}`, route: '/api/group/{id}' }));

  createTemplate = (body: object) => this.written(this.call<WireTemplate>({ method: 'POST', path: '/api/user_template', route: '/api/user_template', json: body }));
  updateTemplate = (id: number, body: object) => this.written(this.call<WireTemplate>({ method: 'PUT', path: `/api/user_template/${id}`, route: '/api/user_template/{id}', json: body }));
  deleteTemplate = (id: number) => this.written(this.call<void>({ method: 'DELETE', path: `/api/user_template/${id}`, route: '/api/user_template/{id}' }));

  listNodes = async () => listIn<WireNode>(await this.call<unknown>({ method: 'GET', path: '/api/nodes', route: '/api/nodes' }), this.source('/api/nodes', 'nodes'), 'name');
  createNode = (body: object) => this.call<WireNode>({ method: 'POST', path: '/api/node', route: '/api/node', json: body });
  updateNode = (id: number, body: object) => this.call<WireNode>({ method: 'PUT', path: `/api/node/${id}`, route: '/api/node/{id}', json: body });
  deleteNode = (id: number) => this.call<void>({ method: 'DELETE', path: `/api/node/${id}`, route: '/api/node/{id}' });

  listHosts = async () => listOf<WireHost>(await this.call<unknown>({ method: 'GET', path: '/api/hosts', route: '/api/hosts' }), { panel: this.panel, route: '/api/hosts' }, 'remark');
  createHost = (body: object) => this.call<WireHost>({ method: 'POST', path: '/api/host/', route: '/api/host/', json: body });
  updateHost = (id: number, body: object) => this.call<WireHost>({ method: 'PUT', path: `/api/host/${id}`, route: '/api/host/{id}', json: body });
  deleteHost = (id: number) => this.call<void>({ method: 'DELETE', path: `/api/host/${id}`, route: '/api/host/{id}' });
}
