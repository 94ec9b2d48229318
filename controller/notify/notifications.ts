import { hasErrors } from '../manifest/diagnostics.ts';
import type { NotifierConfig } from '../manifest/notifier-kind.ts';
import { authSecrets } from '../providers/panel-http-options.ts';
import { makeRedactor } from '../shared/redact.ts';
import type { Logger } from '../shared/logger.ts';
import { AlertBook, type Outgoing } from './alert-book.ts';
import { channelFor } from './channels.ts';
import { DeliveryQueue, type DeliveryOptions, type DeliveryResult } from './delivery-queue.ts';
import { detectEvents } from './detect-events.ts';
import type { NotifyMessage } from './events.ts';
import type { ReconcileListener, ReconcileReport } from './reconcile-report.ts';
import { selectFor } from './selection.ts';

export interface NotificationsOptions {
  logger: Logger;
  /** Milliseconds since the epoch; tests move it to reach a reminder. */
  clock?: () => number;
  /** Per-attempt deadline of a delivery (default 10 s). */
  timeoutMs?: number;
  /** Retry and pacing settings of every outbox (tests inject sleep). */
  delivery?: Omit<DeliveryOptions, 'logger' | 'redact' | 'onResult'>;
  onResult?: (notifier: string, message: NotifyMessage, result: DeliveryResult) => void;
}

interface Active {
  config: NotifierConfig;
  fingerprint: string;
  book: AlertBook;
  outbox: DeliveryQueue;
}

/**
 * The controller's notifications: after each reconcile, finds what happened, lets each
 * Notifier's state machine decide what is worth a message, and hands messages to its outbox.
 * Returns at once and never throws, so a receiver that is slow, rate-limited or down delays
 * its messages and never a reconcile. Notifiers come from the last valid revision: a broken
 * revision cannot silence the message that says it is broken.
 */
export class Notifications implements ReconcileListener {
  private readonly active = new Map<string, Active>();
  private readonly outboxes = new Set<DeliveryQueue>();
  private lastRevision: string | undefined;
  /** Every panel credential and every active Notifier's secrets; rebuilt when the manifests change. */
  private redact: (text: string) => string = (text) => text;
  private configured = false;

  constructor(private readonly options: NotificationsOptions) {}

  afterReconcile(report: ReconcileReport): void {
    try {
      this.handle(report);
    } catch (err) {
      this.options.logger.warn({ err: this.redact(err instanceof Error ? err.message : String(err)) }, 'notifications skipped for this reconcile');
    }
  }

  /** Waits for the outboxes to empty, at most `timeoutMs` (shutdown). */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all([...this.outboxes].map((o) => o.idle())), limit]);
    clearTimeout(timer);
  }

  private handle(report: ReconcileReport): void {
    this.configure(report);
    const newRevision = report.revision !== this.lastRevision;
    const findings = detectEvents(report, newRevision);
    if (report.plan) this.lastRevision = report.revision;
    const now = (this.options.clock ?? Date.now)();
    const redact = this.redact;
    for (const { config, book, outbox } of this.active.values()) {
      for (const out of book.update(selectFor(config, findings), now)) outbox.enqueue(toMessage(config, out, report.revision, now, redact));
    }
  }

  /** Takes the Notifiers of a valid revision; a broken one keeps the last good set (or, before any, its own). */
  private configure(report: ReconcileReport): void {
    const manifests = report.manifests;
    if (!manifests) return;
    const valid = !hasErrors(manifests.diagnostics) && report.result !== 'invalid';
    if (!valid && this.configured) return;
    this.configured = this.configured || valid;
    const wanted = new Map(manifests.notifiers.map((n) => [n.name, n]));
    for (const name of this.active.keys()) if (!wanted.has(name)) this.active.delete(name);
    for (const config of wanted.values()) {
      const fingerprint = JSON.stringify([config.target, config.events, config.panels, config.statusUrl]);
      const known = this.active.get(config.name);
      if (known?.fingerprint === fingerprint) {
        known.config = config;
        known.book.remindAfterMs = config.remindAfterMs;
        continue;
      }
      // A changed receiver gets a new outbox; what waits in the old one is still sent. Open problems carry over.
      const outbox = this.outbox(config);
      const book = known?.book ?? new AlertBook(config.remindAfterMs);
      book.remindAfterMs = config.remindAfterMs;
      this.active.set(config.name, { config, fingerprint, book, outbox });
    }
    this.redact = redactorFor(manifests.panels, [...this.active.values()].map((a) => a.config));
  }

  private outbox(config: NotifierConfig): DeliveryQueue {
    const channel = channelFor(config.target, { timeoutMs: this.options.timeoutMs ?? 10_000 });
    const outbox = new DeliveryQueue(config.name, channel, {
      ...this.options.delivery,
      logger: this.options.logger,
      redact: (text) => this.redact(text),
      onResult: (message, result) => this.options.onResult?.(config.name, message, result),
    });
    this.outboxes.add(outbox);
    return outbox;
  }

}

/** What no notification may carry: every panel credential and every Notifier's own secrets (the controller's and `apply --notify`'s). */
export const redactorFor = (panels: readonly { auth: Readonly<Record<string, string>> }[], notifiers: readonly NotifierConfig[]): ((text: string) => string) =>
  makeRedactor([...panels.flatMap((p) => authSecrets(p.auth)), ...notifiers.flatMap((n) => n.secrets)]);

/** One outgoing event as its Notifier sends it, every text redacted (also used by `apply --notify`). */
export function toMessage(config: NotifierConfig, out: Outgoing, revision: string, now: number, redact: (s: string) => string): NotifyMessage {
  const { event, state } = out;
  const resolved = typeof event.resolvedTitle === 'function' ? event.resolvedTitle(revision) : event.resolvedTitle;
  const title = state === 'resolved' ? (resolved ?? `Resolved: ${event.title}`) : event.title;
  return {
    notifier: config.name,
    state,
    event: event.event,
    key: event.key,
    ...(event.panel ? { panel: event.panel } : {}),
    title: redact(title),
    // A resolution repeats what it closes, not the details of the problem.
    lines: state === 'resolved' ? [redact(`Was: ${event.title}`)] : event.lines.map(redact),
    ...(event.counts && state !== 'resolved' ? { counts: event.counts } : {}),
    revision,
    ...(out.since !== undefined ? { since: new Date(out.since).toISOString() } : {}),
    at: new Date(now).toISOString(),
    ...(config.statusUrl ? { statusUrl: config.statusUrl } : {}),
  };
}
