import type { NotifierTarget } from '../manifest/notifier-kind.ts';
import type { Channel } from './channel.ts';
import { channelFor } from './channels.ts';
import { DeliveryError } from './delivery-error.ts';
import type { NotifyMessage } from './events.ts';

/** Thrown instead of an attempt once the deadline has passed: the caller tells it from a receiver's error. */
export class OutOfTime extends DeliveryError {
  constructor() {
    super('out of time', { retryable: false });
  }
}

/**
 * A Notifier's channel for a process about to exit: each attempt gets only the time left
 * before `deadline` (performance.now() milliseconds), so no request outlives it and keeps the
 * process waiting, and none starts after it. The last error of each message is reported, as
 * the outbox keeps only its result.
 */
export function deadlineChannel(target: NotifierTarget, deadline: number, onError: (message: NotifyMessage, error: Error) => void): Channel {
  return {
    minIntervalMs: channelFor(target, { timeoutMs: 0 }).minIntervalMs,
    async send(message) {
      const left = Math.floor(deadline - performance.now());
      try {
        if (left <= 0) throw new OutOfTime();
        await channelFor(target, { timeoutMs: left }).send(message);
      } catch (err) {
        onError(message, err instanceof Error ? err : new Error(String(err)));
        throw err;
      }
    },
  };
}

/** The outbox's pause between attempts, never past the deadline: the next attempt then gives up at once. */
export const sleepUntil = (deadline: number) => (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(ms, deadline - performance.now()))).unref());
