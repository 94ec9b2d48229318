import type { EmuRequest } from '../kit/router.ts';
import { MarzbanHttpError as HttpError } from '../marzban/http-errors.ts';
import type { PasarGuardState } from './state.ts';
import type { EmuAdmin, EmuRole } from './types.ts';

/** Who is calling, with the role that decides what it may do (§2.1). */
export interface Caller {
  admin: EmuAdmin;
  role: EmuRole;
}

interface Token {
  adminId: number;
  /** Whole seconds, as in the JWT's `iat` (§2), in ms. */
  iat: number;
  exp: number;
}

const unauthorized = () => new HttpError(401, 'Could not validate credentials', { 'www-authenticate': 'Bearer' });

/**
 * Bearer tokens and API keys. A token is refused once its admin's password changed after it
 * was issued, compared at whole seconds as the panel does (§2): a token from the very second
 * of a password change is refused too.
 */
export class TokenAuthority {
  private readonly tokens = new Map<string, Token>();

  constructor(
    private readonly state: PasarGuardState,
    private readonly ttlMs: number,
  ) {}

  login(username: string, password: string): string {
    const admin = this.state.adminByName(username);
    if (!admin || !this.state.checkAdminPassword(admin, password)) throw new HttpError(401, 'Incorrect username or password', { 'www-authenticate': 'Bearer' });
    if (admin.status === 'disabled') throw new HttpError(403, 'your account has been disabled');
    const token = this.state.rng.string(48);
    const iat = Math.floor(this.state.now() / 1000) * 1000;
    this.tokens.set(token, { adminId: admin.id, iat, exp: this.ttlMs > 0 ? iat + this.ttlMs : Number.POSITIVE_INFINITY });
    return token;
  }

  revokeAll(): void {
    this.tokens.clear();
  }

  caller(req: EmuRequest): Caller {
    const admin = this.bearer(req) ?? this.apiKey(req);
    if (!admin) throw unauthorized();
    if (admin.status === 'disabled') throw new HttpError(403, 'your account has been disabled');
    const role = this.state.roles.get(admin.role_id);
    if (!role) throw unauthorized();
    return { admin, role };
  }

  private bearer(req: EmuRequest): EmuAdmin | undefined {
    const header = req.headers.authorization ?? '';
    if (!header.toLowerCase().startsWith('bearer ')) return undefined;
    const token = this.tokens.get(header.slice(7).trim());
    if (!token || token.exp <= this.state.now()) throw unauthorized();
    const admin = this.state.admins.get(token.adminId);
    if (!admin || (admin.password_reset_at !== null && admin.password_reset_at > token.iat)) throw unauthorized();
    return admin;
  }

  /** `X-Api-Key: pg_key_…` or `Authorization: ApiKey pg_key_…` (v5.1+, §2). */
  private apiKey(req: EmuRequest): EmuAdmin | undefined {
    const header = req.headers['x-api-key'];
    const auth = req.headers.authorization ?? '';
    const raw = typeof header === 'string' ? header.trim() : /^apikey\s+/i.test(auth) ? auth.replace(/^apikey\s+/i, '').trim() : undefined;
    if (!raw) return undefined;
    const key = this.state.apiKeys.get(raw);
    if (!key) return undefined;
    return this.state.admins.get(key.admin_id);
  }
}

/**
 * The permission check (§2.1): the owner passes everything; others need the resource's action,
 * and `scope` says whether they act on all users or only their own.
 */
export function allowed(caller: Caller, resource: string, action: string): 'all' | 'own' {
  if (caller.role.is_owner) return 'all';
  const permission = caller.role.permissions[resource]?.[action];
  if (permission === true) return 'all';
  if (permission && permission.scope === 2) return 'all';
  if (permission && permission.scope === 1) return 'own';
  throw new HttpError(403, `Permission denied: ${resource}.${action}`);
}
