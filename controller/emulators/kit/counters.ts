/**
 * Per-route request counters. Keys are "METHOD /route/pattern" (the pattern, not the
 * concrete path), so tests can assert e.g. that creating 2,000 clients took N bulk calls.
 */
export class RequestCounters {
  private readonly counts = new Map<string, number>();
  /** When logging: every request in arrival order, with its client (user-agent). */
  log: Array<{ method: string; pattern: string; at: number; agent: string }> | undefined;

  record(method: string, pattern: string, agent = ''): void {
    const key = `${method} ${pattern}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.log?.push({ method, pattern, at: performance.now(), agent });
  }

  /** Starts keeping the request log (for tests about ordering, e.g. two runs never interleave). */
  startLog(): void {
    this.log = [];
  }

  get(method: string, pattern: string): number {
    return this.counts.get(`${method} ${pattern}`) ?? 0;
  }

  /** All requests, or only those whose method matches. */
  total(filter?: (method: string) => boolean): number {
    let sum = 0;
    for (const [key, n] of this.counts) if (!filter || filter(key.split(' ')[0] ?? '')) sum += n;
    return sum;
  }

  /** Requests that may change state: every method except GET and HEAD. */
  writes(): number {
    return this.total((m) => m !== 'GET' && m !== 'HEAD');
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}
