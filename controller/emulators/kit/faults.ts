import { createRng, type Rng } from './rng.ts';

/**
 * Fault injection options shared by every emulator. All randomness comes from `seed`,
 * so a failing chaos run can be replayed exactly.
 */
export interface FaultOptions {
  seed?: number;
  /** Added latency per request: a fixed number of ms or a [min, max] range. */
  latencyMs?: number | readonly [number, number];
  /** Probability (0..1) of answering 500 before the handler runs. */
  errorRate?: number;
  /** Probability of dropping the connection before the handler runs (nothing committed). */
  resetBeforeRate?: number;
  /** Probability of dropping the connection after the handler ran (the write is committed, the answer lost). */
  resetAfterRate?: number;
  /** Every `every` requests, answer the next `length` with 429 and `Retry-After`. */
  burst429?: { every: number; length: number; retryAfterSeconds: number };
  /** Probability that a request's otherwise valid token is treated as expired. */
  tokenExpiryRate?: number;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'error500' }
  | { kind: 'resetBefore' }
  | { kind: 'resetAfter' }
  | { kind: 'tooMany'; retryAfterSeconds: number };

/** Counts of faults injected so far, by kind; the chaos suite reports them. */
export type FaultTally = Record<Exclude<FaultDecision['kind'], 'none'> | 'tokenExpired', number>;

export class FaultInjector {
  private rng: Rng;
  private options: FaultOptions;
  private requestNo = 0;
  readonly tally: FaultTally = { error500: 0, resetBefore: 0, resetAfter: 0, tooMany: 0, tokenExpired: 0 };

  constructor(options: FaultOptions = {}) {
    this.options = options;
    this.rng = createRng(options.seed ?? 1);
  }

  /** Replace the options at run time (tests turn faults on and off around a step). */
  configure(options: FaultOptions): void {
    this.options = options;
    this.rng = createRng(options.seed ?? 1);
    this.requestNo = 0;
  }

  latency(): number {
    const l = this.options.latencyMs;
    if (l === undefined) return 0;
    return typeof l === 'number' ? l : this.rng.int(l[0], l[1]);
  }

  decide(): FaultDecision {
    this.requestNo += 1;
    const o = this.options;
    if (o.burst429 && o.burst429.every > 0) {
      const pos = this.requestNo % o.burst429.every;
      if (pos > 0 && pos <= o.burst429.length) {
        this.tally.tooMany += 1;
        return { kind: 'tooMany', retryAfterSeconds: o.burst429.retryAfterSeconds };
      }
    }
    const roll = this.rng.next();
    let edge = 0;
    for (const kind of ['error500', 'resetBefore', 'resetAfter'] as const) {
      const rate = kind === 'error500' ? o.errorRate : kind === 'resetBefore' ? o.resetBeforeRate : o.resetAfterRate;
      edge += rate ?? 0;
      if (roll < edge) {
        this.tally[kind] += 1;
        return { kind };
      }
    }
    return { kind: 'none' };
  }

  /** Whether to treat this request's token as expired (emulators call it from their auth check). */
  expireToken(): boolean {
    const rate = this.options.tokenExpiryRate ?? 0;
    if (rate > 0 && this.rng.next() < rate) {
      this.tally.tokenExpired += 1;
      return true;
    }
    return false;
  }

  totalInjected(): number {
    return Object.values(this.tally).reduce((a, b) => a + b, 0);
  }
}
