import type { EmuRequest } from '../kit/router.ts';
import type { FaultInjector } from '../kit/faults.ts';
import { MarzbanHttpError } from './http-errors.ts';
import type { MarzbanState } from './state.ts';
import type { EmuAdmin } from './types.ts';

/** Who is calling: the env sudoer (not in the DB) or a DB admin (§2). */
export interface Caller {
  username: string;
  admin: EmuAdmin | undefined;
  sudo: boolean;
}

interface Token {
  username: string;
  iat: number;
  exp: number;
}

const unauthorized = (detail: string) => new MarzbanHttpError(401, detail, { 'www-authenticate': 'Bearer' });

/** Issues and checks bearer tokens. A token dies with its admin, or when the admin's password changes after it was issued. */
export class TokenAuthority {
  private readonly tokens = new Map<string, Token>();

  constructor(
    private readonly state: MarzbanState,
    private readonly sudo: { username: string; password: string },
    private readonly ttlMs: number,
    private readonly faults: () => FaultInjector | undefined,
  ) {}

  login(username: string, password: string): string | undefined {
    const envSudo = username === this.sudo.username && password === this.sudo.password;
    if (!envSudo && !this.state.checkAdminPassword(username, password)) return undefined;
    const token = this.state.rng.string(48);
    const now = this.state.nowSeconds();
    this.tokens.set(token, { username, iat: now, exp: this.ttlMs > 0 ? now + Math.floor(this.ttlMs / 1000) : Number.POSITIVE_INFINITY });
    return token;
  }

  revokeAll(): void {
    this.tokens.clear();
  }

  revokeFor(username: string): void {
    for (const [token, t] of this.tokens) if (t.username === username) this.tokens.delete(token);
  }

  caller(req: EmuRequest): Caller {
    const header = req.headers.authorization;
    if (!header || !header.startsWith('Bearer ')) throw unauthorized('Not authenticated');
    const token = this.tokens.get(header.slice(7));
    const invalid = unauthorized('Could not validate credentials');
    if (!token || token.exp <= this.state.nowSeconds() || this.faults()?.expireToken()) throw invalid;
    if (token.username === this.sudo.username && !this.state.admins.has(token.username)) return { username: token.username, admin: undefined, sudo: true };
    const admin = this.state.admins.get(token.username);
    if (!admin) throw invalid;
    return { username: admin.username, admin, sudo: admin.is_sudo };
  }

  sudoCaller(req: EmuRequest): Caller {
    const caller = this.caller(req);
    if (!caller.sudo) throw new MarzbanHttpError(403, "You're not allowed");
    return caller;
  }
}
