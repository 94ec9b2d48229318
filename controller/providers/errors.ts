/**
 * Typed errors of panel calls. Messages never hold request bodies, tokens or passwords:
 * a PanelError can be logged or printed anywhere.
 */
export interface PanelErrorInit {
  panel: string;
  /** What the call was about, e.g. "User/alice"; messages start with it. */
  subject?: string;
  status?: number;
  route?: string;
  /** Whether trying again may succeed (429, 5xx, connection errors, timeouts). */
  retryable: boolean;
  /** The request may have been applied even though no answer came back. */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

export class PanelError extends Error {
  readonly panel: string;
  readonly subject: string | undefined;
  readonly status: number | undefined;
  readonly route: string | undefined;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;

  constructor(message: string, init: PanelErrorInit) {
    super(init.subject ? `${init.subject}: ${message}` : message, init.cause ? { cause: init.cause } : undefined);
    this.name = 'PanelError';
    this.panel = init.panel;
    this.subject = init.subject;
    this.status = init.status;
    this.route = init.route;
    this.retryable = init.retryable;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }

  /** The same error about a more specific subject. */
  about(subject: string): PanelError {
    const message = this.subject ? this.message.slice(this.subject.length + 2) : this.message;
    return new PanelError(message, { ...this.init(), subject, cause: this.cause });
  }

  private init(): PanelErrorInit {
    return {
      panel: this.panel,
      retryable: this.retryable,
      outcomeUnknown: this.outcomeUnknown,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.route !== undefined ? { route: this.route } : {}),
    };
  }
}

export const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;

/** Shortens a panel's error text for a message, so a huge body cannot flood a log line. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
