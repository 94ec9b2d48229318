import { excerpt, PanelError } from './errors.ts';
import type { PanelHttp, PanelResponse, RequestSpec } from './http.ts';
import { detailText } from './marzban/error-detail.ts';

/**
 * A FastAPI panel's OAuth2 password-form login and bearer requests (Marzban and its fork
 * PasarGuard: marzban.md §2, pasarguard.md §2). It logs in again once on a 401 (tokens expire,
 * and a password change revokes them); requests in flight when the token dies share that one
 * login, so a panel is never sent a burst of logins. Answers outside 2xx become PanelErrors
 * carrying the panel's `detail`.
 */
export class FormLoginSession {
  private token: string | undefined;
  private relogin: Promise<void> | undefined;

  constructor(
    private readonly http: PanelHttp,
    private readonly credentials: { username: string; password: string },
  ) {}

  async login(): Promise<void> {
    const res = await this.http.request({
      method: 'POST',
      path: '/api/admin/token',
      route: '/api/admin/token',
      form: { username: this.credentials.username, password: this.credentials.password, grant_type: 'password' },
      idempotent: true,
    });
    if (res.status !== 200) throw detailFailure(this.http.panel, 'login', res.status, res.text, false);
    this.token = res.json<{ access_token: string }>().access_token;
  }

  /** A new token, shared by every request that found the old one rejected. */
  private renew(rejected: string | undefined): Promise<void> {
    if (this.token !== rejected) return Promise.resolve();
    this.relogin ??= this.login().finally(() => {
      this.relogin = undefined;
    });
    return this.relogin;
  }

  async respond(spec: RequestSpec): Promise<PanelResponse> {
    if (!this.token) await this.renew(undefined);
    const sent = this.token;
    let res = await this.http.request({ ...spec, headers: { authorization: `Bearer ${sent ?? ''}` } });
    if (res.status === 401) {
      await this.renew(sent);
      res = await this.http.request({ ...spec, headers: { authorization: `Bearer ${this.token ?? ''}` } });
    }
    return checked(this.http.panel, spec, res);
  }
}

/** The answer itself when it is 2xx; a PanelError with the panel's `detail` otherwise. */
export function checked(panel: string, spec: RequestSpec, res: PanelResponse): PanelResponse {
  if (res.status >= 200 && res.status < 300) return res;
  const idempotent = spec.idempotent ?? spec.method !== 'POST';
  throw detailFailure(panel, `${spec.method} ${spec.route ?? spec.path}`, res.status, res.text, !idempotent);
}

/** Turns a `{"detail": …}` answer into a message (marzban.md §3, pasarguard.md §3; error-detail.ts). */
export function detailFailure(panel: string, what: string, status: number, body: string, nonIdempotent: boolean): PanelError {
  let detail = excerpt(body);
  try {
    detail = detailText((JSON.parse(body) as { detail?: unknown } | null)?.detail) ?? detail;
  } catch {
    // not JSON: keep the excerpt
  }
  const retryable = status === 429 || status >= 500;
  return new PanelError(`${what} answered ${status}: ${detail}`, { panel, status, retryable, outcomeUnknown: nonIdempotent && status >= 500 });
}
