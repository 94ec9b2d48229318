import PQueue from 'p-queue';
import type { Logger } from '../shared/logger.ts';
import type { Channel } from './channel.ts';
import { DeliveryError } from './delivery-error.ts';
import type { NotifyMessage } from './events.ts';

export type DeliveryResult = 'sent' | 'failed' | 'dropped';

export interface DeliveryOptions {
  logger: Logger;
  /** Removes every form of every known secret from a text bound for a log line. */
  redact: (text: string) => string;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A receiver asking for a longer pause than this is still honoured, up to this. */
  maxRetryAfterMs?: number;
  /** Messages waiting beyond this are dropped (and logged): a dead receiver must not grow memory. */
  maxQueued?: number;
  /** Overrides the channel's pace (tests). */
  minIntervalMs?: number;
  onResult?: (message: NotifyMessage, result: DeliveryResult) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * One Notifier's outbox: messages go one at a time, in order, at the provider's pace, each
 * retried with jittered exponential backoff, or after exactly the pause the receiver asked
 * for (Telegram's retry_after, Retry-After). While one waits, those behind it wait too, which
 * is what a rate-limited receiver wants. Nothing here is awaited by a reconcile.
 */
export class DeliveryQueue {
  private readonly queue: PQueue;

  constructor(
    private readonly name: string,
    private readonly channel: Channel,
    private readonly options: DeliveryOptions,
  ) {
    const interval = options.minIntervalMs ?? channel.minIntervalMs;
    this.queue = new PQueue(interval > 0 ? { concurrency: 1, intervalCap: 1, interval } : { concurrency: 1 });
  }

  enqueue(message: NotifyMessage): void {
    if (this.queue.size >= (this.options.maxQueued ?? 100)) {
      this.options.logger.warn({ notifier: this.name, event: message.event }, 'notification dropped: too many waiting for the receiver');
      this.options.onResult?.(message, 'dropped');
      return;
    }
    void this.queue.add(() => this.deliver(message)).catch(() => undefined);
  }

  /** Resolves when every waiting message was sent or given up. */
  async idle(): Promise<void> {
    await this.queue.onIdle();
  }

  private async deliver(message: NotifyMessage): Promise<void> {
    const { sleep = realSleep, random = Math.random, maxAttempts = 6, baseDelayMs = 1000, maxDelayMs = 60_000, maxRetryAfterMs = 15 * 60_000 } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.channel.send(message);
        this.options.onResult?.(message, 'sent');
        return;
      } catch (err) {
        const e = err instanceof DeliveryError ? err : new DeliveryError(String(err), { retryable: false });
        const log = { notifier: this.name, event: message.event, state: message.state, attempt, err: this.options.redact(e.message) };
        if (!e.retryable || attempt >= maxAttempts) {
          this.options.logger.warn(log, 'notification not delivered');
          this.options.onResult?.(message, 'failed');
          return;
        }
        const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random() / 2);
        const wait = e.retryAfterMs !== undefined ? Math.min(e.retryAfterMs, maxRetryAfterMs) : backoff;
        this.options.logger.info({ ...log, waitMs: Math.round(wait) }, 'notification delivery failed, retrying');
        await sleep(wait);
      }
    }
  }
}
