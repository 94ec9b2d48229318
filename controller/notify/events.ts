import type { NotifyEventName } from '../manifest/notifier-kind.ts';

export type { NotifyEventName };

/**
 * Something a reconcile found that an operator may need to hear about. A `problem` stays open
 * until a later reconcile looks at the same thing and no longer finds it (then it is
 * "resolved"); an `info` event is told once and forgotten.
 */
export interface NotifyEvent {
  event: NotifyEventName;
  kind: 'problem' | 'info';
  /** What makes two events the same problem, e.g. "panel-down:eu-1". */
  key: string;
  panel?: string;
  /** One line: "Panel eu-1 cannot be reached". */
  title: string;
  /** How the resolution reads: "Panel eu-1 is reachable again"; a function of the revision that resolved it where it names one. */
  resolvedTitle?: string | ((revision: string) => string);
  /** Details, already capped (never a per-user list past a few names). */
  lines: string[];
  /** Objects per kind and action, e.g. { User: { update: 3 } }. */
  counts?: Record<string, Record<string, number>>;
  /** A problem whose variant changes (a new broken revision) is told again, not reminded. */
  variant?: string;
}

/** Where an event stands for one Notifier when it is sent. */
export type MessageState = 'problem' | 'reminder' | 'update' | 'resolved' | 'info';

/** What is handed to a provider to format and send; holds no secret (redacted before). */
export interface NotifyMessage {
  notifier: string;
  state: MessageState;
  /** `test`: sent by `panelops notify test`, outside any reconcile. */
  event: NotifyEventName | 'test';
  key: string;
  panel?: string;
  title: string;
  lines: string[];
  counts?: Record<string, Record<string, number>>;
  revision: string;
  /** When the problem was first seen (ISO-8601), for reminders and resolutions. */
  since?: string;
  at: string;
  statusUrl?: string;
}

/** The evaluation of one reconcile: what is wrong now, and which problem keys it looked at. */
export interface Findings {
  events: NotifyEvent[];
  /** Keys of problems this reconcile could judge; an open problem among them that is not in events is resolved. */
  evaluated: Set<string>;
}
