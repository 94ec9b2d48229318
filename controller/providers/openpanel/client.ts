import { fieldOf, listIn, malformed } from '../list-answer.ts';
import { excerpt, PanelError } from '../errors.ts';
import type { PanelHttp, PanelResponse, RequestSpec } from '../http.ts';
import { TOKEN_RENEW_MS } from './constants.ts';
import type { DomainOutcome, WireAccountDetail, WireDomain, WirePlan } from './wire.ts';

/**
 * One function per OpenAdmin endpoint. Tokens last 15 minutes and an expired one reads as
 * "404 User not found" on account routes (openpanel.md §2), so the client renews the token
 * early, and on a 401 / 404 asks an admin-only route whether the token is still good before
 * believing the 404.
 */
export class OpenPanelApi {
  private token: string | undefined;
  private issuedAt = 0;
  private loggingIn: Promise<void> | undefined;

  constructor(
    private readonly http: PanelHttp,
    private readonly credentials: { username: string; password: string },
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  get panel(): string {
    return this.http.panel;
  }

  /**
   * Logs in. Concurrent callers share one login (a renewal must not cost a login per request
   * in flight), and a 429 from the login bucket (5, then one every 12 s, §9) is waited out.
   */
  login(): Promise<void> {
    this.loggingIn ??= this.loginOnce().finally(() => (this.loggingIn = undefined));
    return this.loggingIn;
  }

  private async loginOnce(): Promise<void> {
    for (let waited = 0, delay = LOGIN_FIRST_WAIT_MS; ; delay = Math.min(delay * 2, LOGIN_REFILL_MS)) {
      const res = await this.http.request({ method: 'POST', path: '/api/', route: '/api/', json: this.credentials, idempotent: true });
      const token = res.status === 200 ? res.json<{ access_token?: unknown } | null>()?.access_token : undefined;
      if (typeof token === 'string' && token !== '') {
        this.token = token;
        this.issuedAt = this.now();
        return;
      }
      if (res.status !== 429 || waited >= LOGIN_GIVE_UP_MS) throw failure(this.http.panel, 'login', res, false);
      await this.sleep(delay);
      waited += delay;
    }
  }

  /** A new login unless another request already renewed the token this one was sent with. */
  private async renew(sentWith: string | undefined): Promise<void> {
    if (this.token === sentWith) await this.login();
  }

  /** An admin-only route: unlike /api/whoami it notices a deleted API admin (§9). */
  private async tokenIsValid(): Promise<boolean> {
    const res = await this.http.request({ method: 'GET', path: '/api/domains', route: '/api/domains', headers: this.auth() });
    return res.status === 200;
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token ?? ''}` };
  }

  /** Sends with a fresh-enough token; a 401 / 404 from an expired token is retried after a new login. */
  async send(spec: RequestSpec): Promise<PanelResponse> {
    if (this.loggingIn) await this.loggingIn;
    if (!this.token || this.now() - this.issuedAt > TOKEN_RENEW_MS) await this.renew(this.token);
    for (let attempt = 1; ; attempt++) {
      const sentWith = this.token;
      const res = await this.http.request({ ...spec, headers: { ...spec.headers, ...this.auth() } });
      if (res.status !== 401 && res.status !== 404) return res;
      if (this.token === sentWith && (await this.tokenIsValid())) return res;
      // A 404 is believed only once the token it came with is known good: after the last
      // attempt an unverified one (other requests renewing the token meanwhile) is no "absent".
      if (attempt >= RELOGIN_ATTEMPTS) {
        throw new PanelError(`${spec.method} ${spec.route ?? spec.path}: answered ${res.status} ${RELOGIN_ATTEMPTS} times with a token that expired or was renewed meanwhile`, { panel: this.http.panel, retryable: true });
      }
      await this.renew(sentWith);
    }
  }

  private async ok<T>(spec: RequestSpec, accept: (status: number) => boolean): Promise<T> {
    const res = await this.send(spec);
    if (!accept(res.status)) throw failure(this.http.panel, `${spec.method} ${spec.route ?? spec.path}`, res, spec.idempotent === false || spec.method === 'POST');
    return res.json<T>();
  }

  /** undefined when the account does not exist (a genuine 404, the token having been checked). */
  async getAccount(username: string): Promise<WireAccountDetail | undefined> {
    const res = await this.send({ method: 'GET', path: `/api/users/${enc(username)}`, route: '/api/users/{username}' });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw failure(this.http.panel, 'GET /api/users/{username}', res, false);
    // A 200 without the account is no "does not exist": that would plan a create (issue 13 point 4).
    const user = fieldOf(res.json<unknown>(), { panel: this.http.panel, route: '/api/users/{username}', field: 'user' });
    if (user === null || typeof user !== 'object' || Array.isArray(user)) throw malformed({ panel: this.http.panel, route: '/api/users/{username}', field: 'user' }, 'the answer holds no account object');
    return user as WireAccountDetail;
  }

  /**
   * opencli creates one account at a time and refuses the others with a 500 "already running"
   * (§9), before doing anything: that answer is "busy, wait", never a failure.
   */
  async createAccount(body: { username: string; email: string; password: string; plan_name: string }): Promise<void> {
    const spec: RequestSpec = { method: 'POST', path: '/api/users', route: '/api/users', json: body };
    for (let waited = 0, delay = BUSY_FIRST_WAIT_MS; ; delay = Math.min(delay * 2, BUSY_MAX_WAIT_MS)) {
      const res = await this.send(spec);
      if (res.status === 201) return;
      const busy = res.status === 500 && errorText(res).includes(CREATION_RUNNING);
      if (!busy || waited >= BUSY_GIVE_UP_MS) throw failure(this.http.panel, 'POST /api/users', res, !busy);
      await this.sleep(delay);
      waited += delay;
    }
  }
  // Unsuspend and delete find their row by a suffix match (§9): never sent twice without a read in between.
  patchAccount = (username: string, body: { password: string } | { action: 'suspend' | 'unsuspend' }) =>
    this.ok<unknown>({ method: 'PATCH', path: `/api/users/${enc(username)}`, route: '/api/users/{username}', json: body, idempotent: false }, (s) => s === 201);
  changePlan = (username: string, plan: string) =>
    this.ok<unknown>({ method: 'PUT', path: `/api/users/${enc(username)}`, route: '/api/users/{username}', json: { plan_name: plan } }, (s) => s === 201);
  deleteAccount = (username: string) =>
    this.ok<unknown>({ method: 'DELETE', path: `/api/users/${enc(username)}`, route: '/api/users/{username}', json: {}, idempotent: false }, (s) => s === 201);

  // Lists that are not lists fail the read (list-answer.ts), never read as no objects.
  listPlans = async () => listIn<WirePlan>(await this.ok<unknown>({ method: 'GET', path: '/api/plans', route: '/api/plans' }, (s) => s === 200), { panel: this.http.panel, route: '/api/plans', field: 'plans' }, 'name');
  /** undefined when there is no such plan. */
  getPlan = async (id: number): Promise<WirePlan | undefined> => {
    const res = await this.send({ method: 'GET', path: `/api/plans/${id}`, route: '/api/plans/{id}' });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw failure(this.http.panel, 'GET /api/plans/{id}', res, false);
    const plan = res.json<{ plan?: WirePlan } | null>()?.plan;
    if (!plan || typeof plan !== 'object' || typeof plan.id !== 'number') throw new PanelError('GET /api/plans/{id} answered 200 without a plan', { panel: this.http.panel, retryable: false });
    return plan;
  };
  createPlan = (body: Record<string, unknown>) => this.ok<unknown>({ method: 'POST', path: '/api/plans', route: '/api/plans', json: body }, (s) => s === 200);
  replacePlan = (id: number, body: Record<string, unknown>) =>
    this.ok<unknown>({ method: 'PUT', path: `/api/plans/${id}`, route: '/api/plans/{id}', json: body }, (s) => s === 200);
  deletePlan = (id: number) => this.ok<unknown>({ method: 'DELETE', path: `/api/plans/${id}`, route: '/api/plans/{id}' }, (s) => s === 200);

  /**
   * The disk-usage report, `{ <plain name>: {...} }` (§10.9); undefined when the panel has
   * none (no such route, or an answer that is not such an object). A failing panel (5xx) fails
   * the read: a census missing for a moment is no reason to say the panel has none.
   */
  diskUsage = async (): Promise<Record<string, unknown> | undefined> => {
    const res = await this.send({ method: 'GET', path: '/api/usage/disk', route: '/api/usage/disk' });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw failure(this.http.panel, 'GET /api/usage/disk', res, false);
    let body: unknown;
    try {
      body = res.json<unknown>();
    } catch {
      return undefined;
    }
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  };

  listDomains = async () =>
    listIn<WireDomain>(await this.ok<unknown>({ method: 'GET', path: '/api/domains', route: '/api/domains' }, (s) => s === 200), { panel: this.http.panel, route: '/api/domains', field: 'domains' }, 'domain_url');
  addDomain = (body: { username: string; domain: string; docroot?: string }) => this.domainCall({ method: 'POST', path: '/api/domains/new', route: '/api/domains/new', json: body });
  domainAction = (action: 'suspend' | 'unsuspend' | 'delete', domain: string) =>
    this.domainCall({ method: 'POST', path: `/api/domains/${action}/${enc(domain)}`, route: `/api/domains/${action}/{domain}`, json: {}, idempotent: true });

  /** Domain writes: HTTP 200 always, the CLI's return code carries the outcome (§5). */
  private async domainCall(spec: RequestSpec): Promise<DomainOutcome> {
    const outcome = await this.ok<DomainOutcome>(spec, (s) => s === 200);
    if (outcome.returncode !== 0) {
      throw new PanelError(`${spec.method} ${spec.route ?? spec.path} failed: ${excerpt(outcome.stderr || outcome.stdout) || `return code ${outcome.returncode}`}`, {
        panel: this.http.panel,
        retryable: false,
      });
    }
    return outcome;
  }
}

const enc = encodeURIComponent;

/** What opencli prints while another account is being created (§9). */
const CREATION_RUNNING = 'A user creation process is already running';
const BUSY_FIRST_WAIT_MS = 100;
const BUSY_MAX_WAIT_MS = 5_000;
/** A real creation takes tens of seconds: wait out a few before failing. */
const BUSY_GIVE_UP_MS = 120_000;

/** The login bucket refills one login every 12 s (§9): retried from half a second up to that. */
const LOGIN_FIRST_WAIT_MS = 500;
const LOGIN_REFILL_MS = 12_000;
const LOGIN_GIVE_UP_MS = 90_000;

/** Logins tried for one request whose token turned out dead. */
const RELOGIN_ATTEMPTS = 3;

/** OpenPanel failures are often HTTP 500 with an empty `error` (§3.2): say so rather than print nothing. */
function errorText(res: PanelResponse): string {
  try {
    const body = res.json<{ error?: unknown; message?: unknown }>();
    return String(body?.error ?? body?.message ?? '');
  } catch {
    return excerpt(res.text);
  }
}

function failure(panel: string, what: string, res: PanelResponse, nonIdempotent: boolean): PanelError {
  let detail = errorText(res);
  if (!detail) detail = 'the panel gave no reason (OpenPanel reports many validation failures with an empty error)';
  return new PanelError(`${what} answered ${res.status}: ${detail}`, {
    panel,
    status: res.status,
    retryable: res.status === 429 || (res.status >= 502 && res.status <= 504),
    outcomeUnknown: nonIdempotent && res.status >= 500,
  });
}
