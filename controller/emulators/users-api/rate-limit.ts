import type { Clock } from '../kit/clock.ts';

export interface RateLimitOptions {
  /** Requests each route accepts per window (Flute's default: 60). */
  requests: number;
  /** The window's length in ms (Flute's default: a minute). */
  windowMs: number;
}

/** Flute's router throttle: 60 requests per minute per route and client IP (users-api.md §7). */
export const FLUTE_RATE_LIMIT: RateLimitOptions = { requests: 60, windowMs: 60_000 };

/**
 * A fixed window per route (every client of an emulator shares loopback, so one IP). Returns
 * the seconds until the window reopens when the request is over the limit, else undefined.
 */
export class RouteRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  /** Requests answered 429 so far, for tests. */
  refused = 0;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly clock: Clock,
  ) {}

  /** Counts one request on `route`; the Retry-After in seconds when it is refused. */
  take(route: string): number | undefined {
    const now = this.clock.now();
    let w = this.windows.get(route);
    if (!w || now - w.start >= this.options.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(route, w);
    }
    if (w.count >= this.options.requests) {
      this.refused += 1;
      return Math.max(0.001, (w.start + this.options.windowMs - now) / 1000);
    }
    w.count += 1;
    return undefined;
  }
}
