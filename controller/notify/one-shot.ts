import type { ManifestSet } from '../manifest/load.ts';
import type { Logger } from '../shared/logger.ts';
import { AlertBook } from './alert-book.ts';
import { deadlineChannel, OutOfTime, sleepUntil } from './deadline-channel.ts';
import { DeliveryQueue, type DeliveryResult } from './delivery-queue.ts';
import { detectEvents } from './detect-events.ts';
import type { NotifyMessage } from './events.ts';
import { redactorFor, toMessage } from './notifications.ts';
import type { ReconcileReport } from './reconcile-report.ts';
import { selectFor } from './selection.ts';

/** The same secrets as the controller's: every panel credential and every Notifier's own. */
export const notifyRedactor = (manifests: ManifestSet): ((text: string) => string) => redactorFor(manifests.panels, manifests.notifiers);

export interface OneShotOptions {
  logger: Logger;
  /** Bound on the whole delivery, every attempt, retry and pause included (`--notify-timeout`). */
  timeoutMs: number;
  /** Panels whose changes the manifests brought (revision-applied); other changes healed drift. */
  changedByManifests: ReadonlySet<string>;
}

/** A message that did not reach its receiver, and why (redacted). */
export interface Undelivered {
  notifier: string;
  event: string;
  panel?: string;
  reason: string;
}

interface Tracked {
  message: NotifyMessage;
  result?: DeliveryResult;
  lastError?: string;
  outOfTime?: boolean;
}

/**
 * The notifications of one `apply --notify`: the controller's detection, selection, message
 * and redaction, through a fresh state machine per Notifier. A process that exits has no
 * memory of earlier runs, so every problem goes out as new, every one-off once, and nothing
 * is "resolved" (that needs the problem seen open before). Resolves when every message was
 * delivered or given up, and at the latest at the deadline; never throws.
 */
export async function notifyOnce(report: ReconcileReport, options: OneShotOptions): Promise<{ sent: number; undelivered: Undelivered[] }> {
  const manifests = report.manifests;
  if (!manifests) return { sent: 0, undelivered: [] };
  const deadline = performance.now() + options.timeoutMs;
  const now = Date.now();
  const redact = notifyRedactor(manifests);
  const findings = detectEvents(report, (panel) => options.changedByManifests.has(panel));
  const tracked = new Map<NotifyMessage, Tracked>();
  const outboxes: DeliveryQueue[] = [];
  for (const config of manifests.notifiers) {
    const outgoing = new AlertBook(0).update(selectFor(config, findings), now);
    if (!outgoing.length) continue;
    const channel = deadlineChannel(config.target, deadline, (message, err) => {
      const t = tracked.get(message);
      if (!t) return;
      if (err instanceof OutOfTime) t.outOfTime = true;
      else t.lastError = redact(err.message);
    });
    const outbox = new DeliveryQueue(config.name, channel, {
      logger: options.logger,
      redact,
      // The outbox's own retries and backoff, but no pause past the deadline.
      sleep: sleepUntil(deadline),
      // Bounded by the deadline already; a run with many panels must not lose any to the cap.
      maxQueued: Number.POSITIVE_INFINITY,
      onResult: (message, result) => {
        const t = tracked.get(message);
        if (t) t.result ??= result;
      },
    });
    outboxes.push(outbox);
    for (const out of outgoing) {
      const message = toMessage(config, out, report.revision, now, redact);
      tracked.set(message, { message });
      outbox.enqueue(message);
    }
  }
  await untilIdleOr(outboxes, deadline);
  const undelivered = [...tracked.values()].filter((t) => t.result !== 'sent').map((t) => whyUndelivered(t, options.timeoutMs));
  return { sent: tracked.size - undelivered.length, undelivered };
}

/** Attempts end at the deadline by their own timeout; a moment more lets their errors be recorded. */
const GRACE_MS = 200;

async function untilIdleOr(outboxes: DeliveryQueue[], deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline + GRACE_MS - performance.now()))));
  await Promise.race([Promise.all(outboxes.map((o) => o.idle())), limit]);
  clearTimeout(timer);
}

function whyUndelivered(t: Tracked, timeoutMs: number): Undelivered {
  const { message } = t;
  const gaveUp = t.result === 'failed' && !t.outOfTime;
  const reason = gaveUp
    ? (t.lastError ?? 'failed')
    : `not delivered within ${timeoutMs / 1000}s (--notify-timeout)${t.lastError ? `; last attempt: ${t.lastError}` : ''}`;
  return { notifier: message.notifier, event: message.event, ...(message.panel ? { panel: message.panel } : {}), reason };
}
