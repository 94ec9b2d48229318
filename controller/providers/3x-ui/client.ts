import { PanelError } from '../errors.ts';
import { listOf } from '../list-answer.ts';
import type { PanelHttp, PanelResponse, RequestSpec } from '../http.ts';
import { RouteMissing } from './route-missing.ts';
import type { ClientDetail, Envelope, GroupRow, InboundOption, ListedClient, Skipped, Traffic, WriteClient } from './wire.ts';

export type XuiAuth = { token: string } | { username: string; password: string };

const API = '/panel/api';

/**
 * One function per 3x-ui endpoint. Authenticates with a Bearer API token, or with the
 * cookie login (CSRF token first, then every POST carries it, 3x-ui.md §2.2). Turns the
 * `{success,msg,obj}` envelope's HTTP-200 failures into PanelErrors (§3).
 */
export class XuiApi {
  private cookie: string | undefined;
  private csrf: string | undefined;
  /** Set once an API call was answered: from then on a bare 404 is a missing route (§11). */
  private proven = false;

  constructor(
    private readonly http: PanelHttp,
    private readonly auth: XuiAuth,
  ) {}

  get panel(): string {
    return this.http.panel;
  }

  async login(): Promise<void> {
    if ('token' in this.auth) return;
    const csrf = await this.http.request({ method: 'GET', path: '/csrf-token', route: '/csrf-token' });
    this.cookie = sessionCookie(csrf) ?? this.cookie;
    this.csrf = (parse<string>(csrf, this.http.panel, 'csrf-token')).obj;
    const res = await this.http.request({
      method: 'POST',
      path: '/login',
      route: '/login',
      form: { username: this.auth.username, password: this.auth.password },
      headers: this.sessionHeaders(),
      idempotent: true,
    });
    const body = parse<null>(res, this.http.panel, 'login');
    if (!body.success) throw new PanelError(`login failed: ${clean(body.msg)}`, { panel: this.http.panel, retryable: false });
    this.cookie = sessionCookie(res) ?? this.cookie;
  }

  private sessionHeaders(): Record<string, string> {
    if ('token' in this.auth) return { authorization: `Bearer ${this.auth.token}` };
    return { ...(this.cookie ? { cookie: this.cookie } : {}), ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}) };
  }

  /**
   * Whether the session is still accepted, asked with the cheapest route every release has
   * (§11): a bare 404 is either a missing route or lost authentication, and only this tells.
   */
  private async answers(): Promise<boolean> {
    const route = `${API}/inbounds/options`;
    const res = await this.http.request({ method: 'GET', path: route, route, headers: this.sessionHeaders() });
    return res.status === 200;
  }

  private async call<T>(spec: RequestSpec): Promise<T> {
    return (await this.callWithItems<T>(spec)).obj;
  }

  private async callWithItems<T>(spec: RequestSpec): Promise<{ obj: T; items: unknown[] | undefined }> {
    const send = () => this.http.request({ ...spec, path: `${API}${spec.path}`, route: `${API}${spec.route ?? spec.path}`, headers: this.sessionHeaders() });
    let res = await send();
    if ((res.status === 404 || res.status === 401 || res.status === 403) && !('token' in this.auth)) {
      await this.login();
      res = await send();
    }
    if (res.status === 404 && this.proven && (await this.answers())) {
      // The session still works: one more 404 for the same request means the route is missing.
      res = await send();
      if (res.status === 404) throw new RouteMissing(this.http.panel, `${API}${spec.route ?? spec.path}`);
    }
    const body = parse<T>(res, this.http.panel, `${spec.method} ${spec.route ?? spec.path}`);
    this.proven = true;
    if (!body.success) {
      throw new PanelError(`${spec.method} ${spec.route ?? spec.path}: ${clean(body.msg)}`, { panel: this.http.panel, status: res.status, retryable: false });
    }
    return { obj: body.obj, items: res.items };
  }

  private get = <T>(path: string, route?: string) => this.call<T>({ method: 'GET', path, ...(route ? { route } : {}) });
  private post = <T>(path: string, json: unknown, route?: string, idempotent = false) =>
    this.call<T>({ method: 'POST', path, json, idempotent, ...(route ? { route } : {}) });

  /** Lists that are not lists fail the read (list-answer.ts); `null` is 3x-ui's empty list (§3). */
  private list = async <T>(path: string, key: string) => {
    const obj = await this.get<unknown>(path);
    return obj === null ? [] : listOf<T>(obj, { panel: this.http.panel, route: `${API}${path}`, field: 'obj' }, key);
  };

  /**
   * The inbounds' options (v3.1.0+). Up to v3.0.x the route is missing and answers the bare
   * 404 of a failed login (§12.16): `inbounds/list`, which every release has, tells which.
   */
  inboundOptions = async (): Promise<InboundOption[]> => {
    try {
      return await this.list<InboundOption>('/inbounds/options', 'tag');
    } catch (err) {
      if (err instanceof PanelError && err.status === 404 && (await this.answersLegacy())) throw tooOld(this.http.panel);
      throw err;
    }
  };

  private async answersLegacy(): Promise<boolean> {
    const route = `${API}/inbounds/list`;
    const res = await this.http.request({ method: 'GET', path: route, route, headers: this.sessionHeaders() });
    return res.status === 200;
  }

  /** Full inbounds (settings included): the Shadowsocks method where `options` lacks `ssMethod` (§12.3). */
  getInbound = (id: number) => this.get<{ id: number; protocol: string; settings: unknown }>(`/inbounds/get/${id}`, '/inbounds/get/{id}');
  /** clients/list read row by row: `map` turns each row into what is kept, so 100,000 rows are never held twice. */
  mapClients = async <T>(map: (row: ListedClient) => T): Promise<T[]> => {
    const { items } = await this.callWithItems<null>({ method: 'GET', path: '/clients/list', items: { field: 'obj', key: 'email', nullIsEmpty: true, map: (row) => map(row as ListedClient) } });
    return (items ?? []) as T[];
  };
  getClient = (email: string) => this.get<ClientDetail>(`/clients/get/${enc(email)}`, '/clients/get/{email}');
  /** The traffic counters; `null` for an unknown email (§6). */
  trafficOf = (email: string) => this.get<Traffic | null>(`/clients/traffic/${enc(email)}`, '/clients/traffic/{email}');
  /** One page of clients in a list/paged bucket (e.g. `depleted`, §6, §7.9). */
  pagedEmails = (filter: string, page: number, pageSize: number) =>
    this.get<{ items: Array<{ email: string }> | null; filtered: number }>(`/clients/list/paged?filter=${enc(filter)}&page=${page}&pageSize=${pageSize}`, '/clients/list/paged');
  addClient = (client: WriteClient, inboundIds: number[]) => this.post<unknown>('/clients/add', { client, inboundIds });
  updateClient = (email: string, client: WriteClient) => this.post<unknown>(`/clients/update/${enc(email)}`, client, '/clients/update/{email}', true);
  deleteClient = (email: string) => this.post<unknown>(`/clients/del/${enc(email)}`, {}, '/clients/del/{email}', true);
  attach = (email: string, inboundIds: number[]) => this.post<unknown>(`/clients/${enc(email)}/attach`, { inboundIds }, '/clients/{email}/attach', true);
  detach = (email: string, inboundIds: number[]) => this.post<unknown>(`/clients/${enc(email)}/detach`, { inboundIds }, '/clients/{email}/detach', true);

  bulkCreate = (items: Array<{ client: WriteClient; inboundIds: number[] }>) =>
    this.post<{ created: number; skipped?: Skipped[] }>('/clients/bulkCreate', items);
  bulkDelete = (emails: string[]) => this.post<{ deleted: number; skipped?: Skipped[] }>('/clients/bulkDel', { emails, keepTraffic: false }, undefined, true);
  bulkEnable = (emails: string[]) => this.post<{ changed: number; skipped?: Skipped[] }>('/clients/bulkEnable', { emails }, undefined, true);
  bulkDisable = (emails: string[]) => this.post<{ changed: number; skipped?: Skipped[] }>('/clients/bulkDisable', { emails }, undefined, true);
  bulkAttach = (emails: string[], inboundIds: number[]) =>
    this.post<{ attached: string[] | null; skipped: string[] | null; errors: string[] | null }>('/clients/bulkAttach', { emails, inboundIds }, undefined, true);
  bulkDetach = (emails: string[], inboundIds: number[]) =>
    this.post<{ detached: string[] | null; skipped: string[] | null; errors: string[] | null }>('/clients/bulkDetach', { emails, inboundIds }, undefined, true);

  listGroups = () => this.list<GroupRow>('/clients/groups', 'name');
  createGroup = (name: string) => this.post<unknown>('/clients/groups/create', { name });
  deleteGroup = (name: string) => this.post<unknown>('/clients/groups/delete', { name }, undefined, true);
}

const enc = encodeURIComponent;

const tooOld = (panel: string) =>
  new PanelError('this 3x-ui is v3.0 or older: it answers inbounds/list but has no clients API (inbounds/options is missing). panelops needs 3x-ui v3.1.0 or newer', {
    panel,
    status: 404,
    retryable: false,
  });

/** "Something went wrong (email already in use: alice\n)" → "Something went wrong (email already in use: alice)". */
export const clean = (msg: string): string => msg.replace(/\s+\)/g, ')').trim();

function parse<T>(res: PanelResponse, panel: string, what: string): Envelope<T> {
  if (res.status === 404 || res.status === 401) {
    throw new PanelError(`${what}: not authenticated (3x-ui hides its API behind ${res.status} without valid credentials; check auth.token and the URL's base path)`, {
      panel,
      status: res.status,
      retryable: false,
    });
  }
  if (res.status === 403) throw new PanelError(`${what}: forbidden (token scope or CSRF): ${res.text.slice(0, 200)}`, { panel, status: 403, retryable: false });
  if (res.status >= 500 || res.status === 429) {
    throw new PanelError(`${what} answered ${res.status}`, { panel, status: res.status, retryable: true, outcomeUnknown: true });
  }
  try {
    const body = res.json<Envelope<T>>();
    if (typeof body?.success === 'boolean') return body;
  } catch {
    // fall through
  }
  throw new PanelError(`${what}: answered ${res.status} without the {success,msg,obj} envelope`, { panel, status: res.status, retryable: false });
}

function sessionCookie(res: PanelResponse): string | undefined {
  const raw = res.headers.getSetCookie?.() ?? [];
  const found = raw.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('3x-ui='));
  return found || undefined;
}
