import PQueue from 'p-queue';
import { CircuitBreaker } from './circuit-breaker.ts';
import { PanelError, isRetryableStatus } from './errors.ts';
import { JsonArrayItems } from './json-array-items.ts';
import { backoffDelay, parseRetryAfter, type RetryPolicy, DEFAULT_RETRY } from './retry-policy.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | readonly string[];

export interface RequestSpec {
  method: Method;
  /** Path below the panel's base URL, starting with "/". */
  path: string;
  /** A low-cardinality label for metrics and errors (the route pattern); defaults to the path. */
  route?: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Safe to send twice. Default: GET, PUT and DELETE are; POST and PATCH are not. */
  idempotent?: boolean;
  /**
   * For answers holding one very large array in a top-level field: each item is read and
   * passed through `map` while the body arrives, and `text` holds the rest with the array empty.
   */
  items?: { field: string; map: (item: unknown) => unknown };
}

export interface PanelResponse {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
  /** The mapped items of `RequestSpec.items`, in order. */
  items?: unknown[];
}

/** One finished request, for metrics. `status` is 0 when no answer came back. */
export interface RequestEvent {
  panel: string;
  method: Method;
  route: string;
  status: number;
  seconds: number;
}

export interface PanelHttpOptions {
  panel: string;
  baseUrl: string;
  concurrency: number;
  requestsPerSecond: number;
  timeoutMs: number;
  retry?: RetryPolicy;
  onRequest?: (event: RequestEvent) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** Names this process in panel access logs, so two runs can be told apart. */
const USER_AGENT = `panelops (pid ${process.pid})`;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The HTTP layer of one panel: every request of every provider goes through it. It bounds
 * concurrency and rate (p-queue), applies a timeout, retries 429s always and 5xx / lost
 * connections only for idempotent requests, honours Retry-After, and reports each request.
 * Policy (what a status means for an object) stays in the provider's client.
 */
export class PanelHttp {
  readonly panel: string;
  private readonly queue: PQueue;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private requestCount = 0;

  constructor(private readonly options: PanelHttpOptions) {
    this.panel = options.panel;
    this.queue = new PQueue({
      concurrency: Math.max(1, options.concurrency),
      ...(options.requestsPerSecond > 0 ? { intervalCap: options.requestsPerSecond, interval: 1000 } : {}),
    });
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Requests sent so far (each attempt counts). */
  get requests(): number {
    return this.requestCount;
  }

  /** Open after repeated connection failures and 5xx answers: see CircuitBreaker. */
  readonly breaker = new CircuitBreaker();

  async request(spec: RequestSpec): Promise<PanelResponse> {
    const blocked = this.breaker.blockedFor();
    if (blocked !== undefined) {
      throw new PanelError(`panel marked down after repeated failures; not calling it for another ${Math.ceil(blocked / 1000)} s`, { panel: this.panel, route: spec.route ?? spec.path, retryable: false });
    }
    const idempotent = spec.idempotent ?? (spec.method === 'GET' || spec.method === 'PUT' || spec.method === 'DELETE');
    const route = spec.route ?? spec.path;
    for (let attempt = 1; ; attempt++) {
      let response: PanelResponse | undefined;
      let failure: unknown;
      try {
        response = await this.queue.add(() => this.send(spec, route));
      } catch (err) {
        failure = err;
      }
      const last = attempt > this.retry.retries;
      if (response && response.status < 500) this.breaker.success();
      else this.breaker.failure();
      if (response) {
        const retryable = response.status === 429 || (idempotent && isRetryableStatus(response.status));
        if (!retryable || last) return response;
        await this.sleep(parseRetryAfter(response.headers.get('retry-after')) ?? backoffDelay(this.retry, attempt));
        continue;
      }
      const error = toPanelError(this.panel, spec.method, route, failure, !idempotent);
      if (!idempotent || last) throw error;
      await this.sleep(backoffDelay(this.retry, attempt));
    }
  }

  private async send(spec: RequestSpec, route: string): Promise<PanelResponse> {
    const url = new URL(this.options.baseUrl.replace(/\/$/, '') + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {})) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, item);
      else url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT, ...spec.headers };
    let body: string | undefined;
    if (spec.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(spec.json);
    } else if (spec.form) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      body = new URLSearchParams(spec.form).toString();
    }
    const started = performance.now();
    this.requestCount += 1;
    let status = 0;
    try {
      const res = await fetch(url, {
        method: spec.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const { text, items } = spec.items && res.ok && res.body ? await readItems(res.body, spec.items) : { text: await res.text(), items: undefined };
      status = res.status;
      return {
        status,
        headers: res.headers,
        text,
        json: <T>() => (text === '' ? null : JSON.parse(text)) as T,
        ...(items ? { items } : {}),
      };
    } finally {
      this.options.onRequest?.({
        panel: this.panel,
        method: spec.method,
        route,
        status,
        seconds: (performance.now() - started) / 1000,
      });
    }
  }
}

async function readItems(body: ReadableStream<Uint8Array>, options: NonNullable<RequestSpec['items']>): Promise<{ text: string; items: unknown[] }> {
  const items: unknown[] = [];
  const reader = new JsonArrayItems(options.field, (item) => items.push(options.map(item)));
  for await (const chunk of body) reader.push(chunk);
  return { text: reader.end(), items };
}

function toPanelError(panel: string, method: string, route: string, err: unknown, outcomeUnknown: boolean): PanelError {
  const cause = err instanceof Error ? err : new Error(String(err));
  const code = (cause.cause as { code?: string } | undefined)?.code;
  const what = cause.name === 'TimeoutError' ? 'timed out' : `connection failed${code ? ` (${code})` : ''}`;
  return new PanelError(`${method} ${route} ${what}`, { panel, route, retryable: true, outcomeUnknown, cause });
}
