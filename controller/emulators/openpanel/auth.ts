import type { FaultInjector } from '../kit/faults.ts';
import type { EmuRequest } from '../kit/router.ts';
import type { OpenPanelState } from './state.ts';

/** The login limit: a burst of 5 per IP, one more every 12 s; every attempt that gets through counts (§9). */
export interface LoginBucket {
  burst: number;
  refillMs: number;
}

/** 15-minute JWT-like tokens with no refresh, and the per-IP login bucket (openpanel.md §2, §9). */
export class OpenPanelAuth {
  private readonly tokens = new Map<string, number>();
  private left: number;
  private refilledAt: number;

  constructor(
    private readonly state: OpenPanelState,
    private readonly admin: { username: string; password: string },
    private readonly ttlMs: number,
    private readonly faults: () => FaultInjector | undefined,
    private readonly bucket: LoginBucket = { burst: 5, refillMs: 12_000 },
  ) {
    this.left = bucket.burst;
    this.refilledAt = state.clock.now();
  }

  /** Takes one login from the bucket; a refused attempt takes nothing. All loopback clients share one IP. */
  private take(): boolean {
    const now = this.state.clock.now();
    const gained = Math.floor((now - this.refilledAt) / this.bucket.refillMs);
    if (gained > 0) {
      this.left = Math.min(this.bucket.burst, this.left + gained);
      this.refilledAt += gained * this.bucket.refillMs;
    }
    if (this.left === this.bucket.burst) this.refilledAt = now;
    if (this.left <= 0) return false;
    this.left -= 1;
    return true;
  }

  login(username: unknown, password: unknown): string | 'bad' | 'limited' {
    if (!this.take()) return 'limited';
    if (username !== this.admin.username || password !== this.admin.password) return 'bad';
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
