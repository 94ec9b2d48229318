import { PanelError } from '../errors.ts';
import type { PanelHttp, RequestSpec } from '../http.ts';
import { listOf, malformed, type ListSource } from '../list-answer.ts';
import { PROXY_HEADERS } from './constants.ts';
import { errorCode, errorText } from './error-body.ts';
import type { WireConfigProfile, WireHost, WireNode, WireSquad, WireUser } from './wire.ts';

/** A failed call, with the panel's own error code (`A124`) when the body carried one. */
export class RemnawaveError extends PanelError {
  constructor(
    message: string,
    init: ConstructorParameters<typeof PanelError>[1],
    readonly code: string | undefined,
  ) {
    super(message, init);
  }
}

const SOCKET_CLOSED_HINT =
  'Remnawave closes the connection without any answer when a request lacks X-Forwarded-For and X-Forwarded-Proto: https; panelops sends both, so a proxy in front of the panel that drops or rewrites them (or an HTTP-only X-Forwarded-Proto) is the likely cause';

/**
 * One function per Remnawave endpoint, no policy. Every request carries the API token and the
 * proxy headers the panel insists on (remnawave.md §2); success bodies are unwrapped from
 * `{response}`. Routes that act on every user of the panel (squad add-users / remove-users,
 * bulk/all/*, delete-by-status, §6) have no function here on purpose.
 */
export class RemnawaveClient {
  constructor(
    private readonly http: PanelHttp,
    private readonly token: string,
  ) {}

  get panel(): string {
    return this.http.panel;
  }

  private async call<T>(spec: RequestSpec): Promise<T> {
    let res;
    try {
      res = await this.http.request({ ...spec, headers: { authorization: `Bearer ${this.token}`, ...PROXY_HEADERS } });
    } catch (error) {
      if (error instanceof PanelError && error.status === undefined && / connection failed/.test(error.message)) {
        throw new PanelError(`${error.message}: ${SOCKET_CLOSED_HINT}`, { panel: this.panel, route: spec.route ?? spec.path, retryable: error.retryable, outcomeUnknown: error.outcomeUnknown, cause: error });
      }
      throw error;
    }
    if (res.status < 200 || res.status >= 300) {
      const nonIdempotent = !(spec.idempotent ?? (spec.method !== 'POST' && spec.method !== 'PATCH'));
      throw new RemnawaveError(
        `${spec.method} ${spec.route ?? spec.path} answered ${res.status}: ${errorText(res.text)}`,
        { panel: this.panel, status: res.status, retryable: res.status === 429 || res.status >= 500, outcomeUnknown: nonIdempotent && res.status >= 500 },
        errorCode(res.text),
      );
    }
    // 204 and 202 answers have no body (§1).
    if (res.text === '') return undefined as T;
    const body = res.json<{ response?: unknown } | null>();
    if (!body || typeof body !== 'object' || !('response' in body)) throw malformed(this.source(spec.route ?? spec.path), 'the answer has no "response" envelope');
    return body.response as T;
  }

  private source = (route: string, field?: string): ListSource => ({ panel: this.http.panel, route, ...(field ? { field } : {}) });

  metadata = () => this.call<{ version?: unknown }>({ method: 'GET', path: '/api/system/metadata', route: '/api/system/metadata' });

  /** One keyset page of users, oldest id first (§5): the route made for full listings. */
  streamUsers = async (cursor: string | undefined, size: number) => {
    const page = await this.call<{ users?: unknown; nextCursor?: unknown; hasMore?: unknown }>({
      method: 'GET', path: '/api/users/stream', route: '/api/users/stream', query: { size, cursor },
    });
    const users = listOf<WireUser>(page?.users, this.source('/api/users/stream', 'users'), 'username');
    const next = page?.nextCursor;
    return { users, nextCursor: typeof next === 'string' || typeof next === 'number' ? String(next) : undefined, hasMore: page?.hasMore === true };
  };
  userByName = (u: string) => this.call<WireUser>({ method: 'GET', path: `/api/users/by-username/${enc(u)}`, route: '/api/users/by-username/{username}' });
  createUser = (body: object) => this.call<WireUser>({ method: 'POST', path: '/api/users', route: '/api/users', json: body });
  updateUser = (body: object) => this.call<WireUser>({ method: 'PATCH', path: '/api/users', route: '/api/users', json: body });
  deleteUser = (id: number) => this.call<undefined>({ method: 'DELETE', path: `/api/users/${id}`, route: '/api/users/{id}' });
  /** enable / disable only: `revoke` rotates every credential and is never called (§4.2). */
  userAction = (id: number, action: 'enable' | 'disable') =>
    this.call<WireUser>({ method: 'POST', path: `/api/users/${id}/actions/${action}`, route: `/api/users/{id}/actions/${action}`, idempotent: true });

  listSquads = async () => {
    const r = await this.call<{ internalSquads?: unknown }>({ method: 'GET', path: '/api/internal-squads', route: '/api/internal-squads' });
    return listOf<WireSquad>(r?.internalSquads, this.source('/api/internal-squads', 'internalSquads'), 'name');
  };
  createSquad = (body: object) => this.call<WireSquad>({ method: 'POST', path: '/api/internal-squads', route: '/api/internal-squads', json: body });
  updateSquad = (body: object) => this.call<WireSquad>({ method: 'PATCH', path: '/api/internal-squads', route: '/api/internal-squads', json: body, idempotent: true });
  deleteSquad = (uuid: string) => this.call<undefined>({ method: 'DELETE', path: `/api/internal-squads/${enc(uuid)}`, route: '/api/internal-squads/{uuid}' });

  listProfiles = async () => {
    const r = await this.call<{ configProfiles?: unknown }>({ method: 'GET', path: '/api/config-profiles', route: '/api/config-profiles' });
    return listOf<WireConfigProfile>(r?.configProfiles, this.source('/api/config-profiles', 'configProfiles'), 'name');
  };

  listNodes = async () => listOf<WireNode>(await this.call<unknown>({ method: 'GET', path: '/api/nodes', route: '/api/nodes' }), this.source('/api/nodes'), 'name');
  createNode = (body: object) => this.call<WireNode>({ method: 'POST', path: '/api/nodes', route: '/api/nodes', json: body });
  updateNode = (body: object) => this.call<WireNode>({ method: 'PATCH', path: '/api/nodes', route: '/api/nodes', json: body, idempotent: true });
  deleteNode = (uuid: string) => this.call<undefined>({ method: 'DELETE', path: `/api/nodes/${enc(uuid)}`, route: '/api/nodes/{uuid}' });
  nodeAction = (uuid: string, action: 'enable' | 'disable') =>
    this.call<WireNode>({ method: 'POST', path: `/api/nodes/${enc(uuid)}/actions/${action}`, route: `/api/nodes/{uuid}/actions/${action}`, idempotent: true });

  listHosts = async () => listOf<WireHost>(await this.call<unknown>({ method: 'GET', path: '/api/hosts', route: '/api/hosts' }), this.source('/api/hosts'), 'remark');
  createHost = (body: object) => this.call<WireHost>({ method: 'POST', path: '/api/hosts', route: '/api/hosts', json: body });
  updateHost = (body: object) => this.call<WireHost>({ method: 'PATCH', path: '/api/hosts', route: '/api/hosts', json: body, idempotent: true });
  deleteHost = (uuid: string) => this.call<undefined>({ method: 'DELETE', path: `/api/hosts/${enc(uuid)}`, route: '/api/hosts/{uuid}' });
}

const enc = encodeURIComponent;
