import type { EmuRequest } from '../kit/router.ts';
import { coded, nest } from './errors.ts';
import type { RemnawaveState } from './state.ts';

/** Without both proxy headers the panel destroys the socket, on every route including /api/sub (§2). */
export function hasProxyHeaders(req: EmuRequest): boolean {
  const forwardedFor = req.headers['x-forwarded-for'];
  return typeof forwardedFor === 'string' && forwardedFor.trim() !== '' && req.headers['x-forwarded-proto'] === 'https';
}

/** What a route declares for scope checks: its resource, its slug and whether it reads or writes (§2 Scopes). */
export interface Permission {
  resource: string;
  slug: string;
  kind: 'read' | 'write';
}

const ADMIN_PREFIX = 'admin.';

/**
 * API tokens and the admin login (§2): an API token passes when one of its scopes covers the
 * route; an admin JWT only with the browser client header; a deleted token gets 403
 * "Forbidden resource"; no or a bad bearer 401.
 */
export class RemnawaveAuth {
  constructor(
    private readonly state: RemnawaveState,
    private readonly admin: { username: string; password: string },
  ) {}

  /** Registers an API token with its scopes (the sandbox's, or one a test makes). */
  issue(token: string, scopes: string[] = ['*']): void {
    this.state.tokens.set(token, { uuid: this.state.uuid(), scopes, deleted: false });
  }

  revoke(token: string): void {
    const t = this.state.tokens.get(token);
    if (t) t.deleted = true;
  }

  login(username: string, password: string): string {
    if (username !== this.admin.username || password !== this.admin.password) return coded(403, 'E000', 'Forbidden');
    return `${ADMIN_PREFIX}${this.state.rng.string(40)}`;
  }

  check(req: EmuRequest, permission: Permission): void {
    const header = req.headers.authorization;
    const bearer = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (bearer?.startsWith(ADMIN_PREFIX)) {
      if (req.headers['x-remnawave-client-type'] !== 'browser') nest(403, 'For API requests you must create own API-token in the admin dashboard.', 'Forbidden');
      return;
    }
    const token = bearer === undefined ? undefined : this.state.tokens.get(bearer);
    if (!token) return nest(401, 'Unauthorized');
    if (token.deleted || !covers(token.scopes, permission)) nest(403, 'Forbidden resource', 'Forbidden');
  }
}

function covers(scopes: readonly string[], p: Permission): boolean {
  return scopes.some((s) => s === '*' || s === `${p.resource}:*` || s === `${p.resource}:${p.kind}` || s === `${p.resource}:${p.slug}`);
}
