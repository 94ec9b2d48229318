/** Why one delivery attempt failed, and whether trying again can help. */
export class DeliveryError extends Error {
  readonly retryable: boolean;
  /** How long the receiver asked us to wait (Telegram's retry_after, a Retry-After header). */
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(message: string, options: { retryable: boolean; retryAfterMs?: number | undefined; status?: number | undefined; cause?: unknown }) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), as milliseconds. */
export function retryAfterHeader(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The common reading of an answer: 2xx delivered; 429 and 5xx worth another try; a redirect is
 * not followed (it could carry the body elsewhere); any other 4xx will not get better.
 */
export function errorForStatus(status: number, retryAfterMs: number | undefined, detail: string): DeliveryError | undefined {
  if (status >= 200 && status < 300) return undefined;
  const what = status >= 300 && status < 400 ? `redirect ${status} not followed` : `HTTP ${status}${detail ? `: ${detail}` : ''}`;
  return new DeliveryError(what, { retryable: status === 429 || status >= 500, retryAfterMs, status });
}
