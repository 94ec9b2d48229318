/**
 * Marks a panel down after consecutive failed requests instead of hammering it: while open,
 * requests fail at once; after the cooldown one request is let through (half-open), and a
 * success closes the circuit again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;

  constructor(
    private readonly threshold = 8,
    private readonly cooldownMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** undefined when a request may go; else how long the circuit stays open, in ms. */
  blockedFor(): number | undefined {
    const left = this.openUntil - this.now();
    return left > 0 ? left : undefined;
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
  }

  failure(): void {
    this.failures += 1;
    if (this.failures >= this.threshold) this.openUntil = this.now() + this.cooldownMs;
  }

  get down(): boolean {
    return this.blockedFor() !== undefined;
  }
}
