import type { Findings, MessageState, NotifyEvent } from './events.ts';

interface OpenProblem {
  event: NotifyEvent;
  since: number;
  lastSentAt: number;
}

/** One thing to send: the event, how it stands, and since when the problem is open. */
export interface Outgoing {
  state: MessageState;
  event: NotifyEvent;
  since?: number;
}

/**
 * The dedup / reminder / resolved state machine of one Notifier (issue 16 point 3). An open
 * problem is sent once; while it stays open, again only as a reminder every `remindAfterMs`
 * (0: never) or as an update when its variant changes (another broken revision); once a
 * reconcile evaluates its key and no longer finds it, one "resolved" message closes it.
 * Info events pass straight through. Time comes from the caller, so tests need no waiting.
 */
export class AlertBook {
  private readonly open = new Map<string, OpenProblem>();

  constructor(public remindAfterMs: number) {}

  update(findings: Findings, now: number): Outgoing[] {
    const out: Outgoing[] = [];
    const active = new Set<string>();
    for (const event of findings.events) {
      if (event.kind === 'info') {
        out.push({ state: 'info', event });
        continue;
      }
      active.add(event.key);
      const known = this.open.get(event.key);
      if (!known) {
        this.open.set(event.key, { event, since: now, lastSentAt: now });
        out.push({ state: 'problem', event });
        continue;
      }
      const changed = event.variant !== known.event.variant;
      const due = this.remindAfterMs > 0 && now - known.lastSentAt >= this.remindAfterMs;
      known.event = event;
      if (changed || due) {
        known.lastSentAt = now;
        out.push({ state: changed ? 'update' : 'reminder', event, since: known.since });
      }
    }
    for (const [key, problem] of this.open) {
      if (active.has(key) || !findings.evaluated.has(key)) continue;
      this.open.delete(key);
      out.push({ state: 'resolved', event: problem.event, since: problem.since });
    }
    return out;
  }

  /** Keys of the problems open right now. */
  openKeys(): string[] {
    return [...this.open.keys()];
  }
}
