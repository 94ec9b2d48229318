import type { Logger } from '../shared/logger.ts';
import type { Reconciler } from './reconciler.ts';

export interface LoopOptions {
  intervalMs: number;
  /** Fraction of the interval added at random, so many controllers do not hit panels in step. */
  jitter?: number;
  /** Longest wait after failures (the wait doubles per consecutive failure, up to the interval). */
  random?: () => number;
  logger: Logger;
}

/**
 * Runs reconciles one at a time: on every interval (with jitter) and whenever `trigger()`
 * is called (a new revision, a webhook). A trigger during a reconcile queues exactly one
 * more. After failures the next attempt comes sooner, then backs off.
 */
export class ReconcileLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private pending: string | undefined;
  private stopped = false;

  constructor(
    private readonly reconciler: Reconciler,
    private readonly options: LoopOptions,
  ) {}

  start(): void {
    this.trigger('start');
  }

  trigger(reason: string): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = reason;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.reconciler
      .reconcile(reason)
      .catch((err: unknown) => this.options.logger.error({ err: String(err) }, 'reconcile crashed'))
      .finally(() => {
        this.running = undefined;
        if (this.pending && !this.stopped) {
          const next = this.pending;
          this.pending = undefined;
          this.trigger(next);
        } else this.schedule();
      });
  }

  private schedule(): void {
    if (this.stopped) return;
    const { intervalMs, jitter = 0.1, random = Math.random } = this.options;
    const failures = this.reconciler.status.consecutiveFailures;
    // After a failure, retry sooner (backing off 5 s, 10 s, 20 s...) but never later than the interval.
    const base = failures > 0 ? Math.min(intervalMs, 5000 * 2 ** (failures - 1)) : intervalMs;
    this.timer = setTimeout(() => this.trigger('interval'), base + base * jitter * random());
  }

  /** No new reconcile starts; resolves once the one in flight has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.reconciler.stop();
    await this.running;
  }
}
