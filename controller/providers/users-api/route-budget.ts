export interface RouteBudgetLimit {
  /** Requests allowed on one route in any window. */
  requests: number;
  windowMs: number;
}

/** The Flute module's router throttle by default: 60 requests per minute per route and IP (users-api.md §7). */
export const FLUTE_ROUTE_BUDGET: RouteBudgetLimit = { requests: 60, windowMs: 60_000 };

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A per-route request budget: at most `requests` in any sliding window, so a large fleet
 * waits its turn instead of meeting 429s; and a route the panel throttled anyway (a lower
 * limit, another client on the same IP) is paused until its Retry-After has passed.
 */
export class RouteBudget {
  /** Per route, when each recent request was answered (or sent, while it is in flight). */
  private readonly sent = new Map<string, Array<{ at: number }>>();
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    private readonly limit: RouteBudgetLimit,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = realSleep,
  ) {}

  /**
   * Waits until `route` may take one more request, and counts it. Call the returned
   * function when the answer came: the panel counted the request at some point before
   * that, so measuring the window from the answer never runs ahead of the panel's.
   */
  async take(route: string): Promise<() => void> {
    for (;;) {
      const t = this.now();
      const paused = this.pausedUntil.get(route) ?? 0;
      if (paused > t) {
        await this.sleep(paused - t);
        continue;
      }
      const recent = (this.sent.get(route) ?? []).filter((slot) => slot.at > t - this.limit.windowMs);
      this.sent.set(route, recent);
      if (recent.length < this.limit.requests) {
        const slot = { at: Infinity };
        recent.push(slot);
        return () => {
          slot.at = this.now();
        };
      }
      const oldest = Math.min(...recent.map((slot) => slot.at));
      // Every slot still in flight: wait a little for one to be answered.
      await this.sleep(Number.isFinite(oldest) ? oldest + this.limit.windowMs - t + 1 : 10);
    }
  }

  /** The panel answered 429: nobody calls `route` again before `ms` from now. */
  pause(route: string, ms: number): void {
    this.pausedUntil.set(route, Math.max(this.pausedUntil.get(route) ?? 0, this.now() + ms));
  }
}
