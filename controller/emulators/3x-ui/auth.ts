import type { FaultInjector } from '../kit/faults.ts';
import type { EmuRequest, Reply } from '../kit/router.ts';
import type { Rng } from '../kit/rng.ts';

/** Bare status with an empty body: how 3x-ui answers auth and CSRF failures (§2.3, §3). */
export const bare = (status: number): Reply => ({ status });

interface Session {
  csrf: string;
  loggedIn: boolean;
}

/**
 * Bearer API tokens and cookie sessions (§2). A valid bearer skips CSRF; a cookie session
 * needs X-CSRF-Token on every POST; without either, the API hides behind a bare 404
 * (401 for XHR requests).
 */
export class XuiAuth {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly rng: Rng,
    private readonly apiToken: string,
    private readonly admin: { username: string; password: string },
    private readonly faults: () => FaultInjector | undefined,
  ) {}

  private sessionOf(req: EmuRequest): [string, Session] | undefined {
    const cookie = /(?:^|;\s*)3x-ui=([^;]+)/.exec(String(req.headers.cookie ?? ''))?.[1];
    const session = cookie ? this.sessions.get(cookie) : undefined;
    return cookie && session ? [cookie, session] : undefined;
  }

  /** GET {base}csrf-token: a token, and a session cookie to carry it. */
  csrfToken(req: EmuRequest): Reply {
    const existing = this.sessionOf(req);
    if (existing) return { status: 200, body: { success: true, msg: '', obj: existing[1].csrf } };
    const id = this.rng.string(32);
    const session = { csrf: this.rng.string(32), loggedIn: false };
    this.sessions.set(id, session);
    return { status: 200, body: { success: true, msg: '', obj: session.csrf }, headers: { 'set-cookie': `3x-ui=${id}; Path=/; HttpOnly; SameSite=Lax` } };
  }

  /** POST {base}login: CSRF first (bare 403), then the credentials (success:false on a mismatch). */
  login(req: EmuRequest, username: string, password: string): Reply | 'bad-credentials' {
    const found = this.sessionOf(req);
    const sent = String(req.headers['x-csrf-token'] ?? '');
    if (!found || !sent || sent !== found[1].csrf) return bare(403);
    if (username !== this.admin.username || password !== this.admin.password) return 'bad-credentials';
    found[1].loggedIn = true;
    return { status: 200, body: { success: true, msg: 'You have successfully logged into your account.', obj: null } };
  }

  /** undefined when the request may proceed, else the bare refusal. */
  check(req: EmuRequest): Reply | undefined {
    const header = String(req.headers.authorization ?? '');
    if (header === `Bearer ${this.apiToken}` && !this.faults()?.expireToken()) return undefined;
    const found = this.sessionOf(req);
    if (found?.[1].loggedIn) {
      if (req.method === 'POST' && req.headers['x-csrf-token'] !== found[1].csrf) return bare(403);
      return undefined;
    }
    return bare(req.headers['x-requested-with'] === 'XMLHttpRequest' ? 401 : 404);
  }
}
