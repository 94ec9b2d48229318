import type { FaultInjector } from '../kit/faults.ts';
import type { EmuRequest } from '../kit/router.ts';
import type { OpenPanelState } from './state.ts';

/** 15-minute JWT-like tokens with no refresh, and the per-IP login limit (openpanel.md §2). */
export class OpenPanelAuth {
  private readonly tokens = new Map<string, number>();
  private failures = 0;

  constructor(
    private readonly state: OpenPanelState,
    private readonly admin: { username: string; password: string },
    private readonly ttlMs: number,
    private readonly faults: () => FaultInjector | undefined,
  ) {}

  login(username: unknown, password: unknown): string | 'bad' | 'limited' {
    if (this.failures >= 5) return 'limited';
    if (username !== this.admin.username || password !== this.admin.password) {
      this.failures += 1;
      return 'bad';
    }
    this.failures = 0;
    const token = `ey${this.state.rng.string(40)}`;
    this.tokens.set(token, this.state.clock.now() + this.ttlMs);
    return token;
  }

  valid(req: EmuRequest): boolean {
    const header = String(req.headers.authorization ?? '');
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const exp = this.tokens.get(token);
    // An injected expiry is permanent for that token, as a real expiry is.
    if (exp !== undefined && this.faults()?.expireToken()) this.tokens.delete(token);
    return this.tokens.has(token) && (exp ?? 0) > this.state.clock.now();
  }

  expireAll(): void {
    this.tokens.clear();
  }
}
