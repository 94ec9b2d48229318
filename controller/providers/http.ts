import PQueue from 'p-queue';
import { CircuitBreaker } from './circuit-breaker.ts';
import { excerpt, PanelError, isRetryableStatus } from './errors.ts';
import { BodyTooLarge, checkListField, DEFAULT_MAX_LIST_BYTES, DEFAULT_MAX_RESPONSE_BYTES, formatBytes, MalformedList, readCappedItems, readCappedText } from './response-body.ts';
import { SentSecrets } from './sent-secrets.ts';
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
   * `key` names the field every item must carry as a non-empty string. A field that holds no
   * array (missing, another type) is a PanelError, and so is `null` unless `nullIsEmpty` (3x-ui
   * sends `obj: null` for an empty list, 3x-ui.md §3). These answers have the larger byte cap
   * of lists.
   */
  items?: { field: string; key?: string; nullIsEmpty?: boolean; map: (item: unknown) => unknown };
}

export interface PanelResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed; a PanelError naming the route when it is not JSON (e.g. cut short). */
  json<T = unknown>(): T;
  /** The mapped items of `RequestSpec.items`, in order; absent when the field held no array. */
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
  /** Byte cap of one answer; streamed list answers have `maxListBytes`. */
  maxResponseBytes?: number;
  maxListBytes?: number;
  /** The panel's auth values (passwords, API keys, tokens): never in a message, in any form. */
  secrets?: readonly string[];
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
 * It follows no redirect (a 3xx is an error naming its Location, so credentials never reach
 * another host), caps every answer's bytes, and keeps the panel's secrets out of its errors.
 * Policy (what a status means for an object) stays in the provider's client.
 */
export class PanelHttp {
  readonly panel: string;
  private readonly queue: PQueue;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly secrets: SentSecrets;
  private requestCount = 0;

  constructor(private readonly options: PanelHttpOptions) {
    this.panel = options.panel;
    this.queue = new PQueue({
      concurrency: Math.max(1, options.concurrency),
      ...(options.requestsPerSecond > 0 ? { intervalCap: options.requestsPerSecond, interval: 1000 } : {}),
    });
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.sleep = options.sleep ?? defaultSleep;
    this.secrets = new SentSecrets(options.secrets);
  }

  /** Requests sent so far (each attempt counts). */
  get requests(): number {
    return this.requestCount;
  }

  /** Open after repeated connection failures and 5xx answers: see CircuitBreaker. */
  readonly breaker = new CircuitBreaker();

  /** The text without any form of the panel's auth secrets or the credentials sent so far. */
  redact(text: string): string {
    return this.secrets.redact(text);
  }

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
      // A refused answer (redirect, too large, malformed) is final: sending again gets the same.
      if (failure instanceof PanelError) throw failure;
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
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT };
    for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k.toLowerCase()] = v;
    this.secrets.headers(headers);
    let body: string | undefined;
    if (spec.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(spec.json);
    } else if (spec.form) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      body = new URLSearchParams(spec.form).toString();
    }
    if (body !== undefined) this.secrets.body(body, spec.form);
    const started = performance.now();
    this.requestCount += 1;
    let status = 0;
    const refuse = (message: string) => new PanelError(this.redact(`${spec.method} ${route}: ${message}`), { panel: this.panel, route, status, retryable: false });
    try {
      const res = await fetch(url, {
        method: spec.method,
        headers,
        // Following would resend the credentials (and on 307 / 308 the login body) to wherever the panel points.
        redirect: 'manual',
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = res.status;
      if (status >= 300 && status < 400 && status !== 304) {
        await res.body?.cancel().catch(() => undefined);
        throw refuse(redirectMessage(status, res.headers.get('location'), url));
      }
      const streamed = spec.items && res.ok;
      const cap = streamed ? (this.options.maxListBytes ?? DEFAULT_MAX_LIST_BYTES) : (this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
      let text: string;
      let items: unknown[] | undefined;
      try {
        if (streamed && spec.items) ({ text, items } = checkListField(await readCappedItems(res, cap, spec.items), spec.items));
        else text = await readCappedText(res, cap);
      } catch (err) {
        if (err instanceof BodyTooLarge) throw refuse(`${err.message} (limits.${streamed ? 'maxListMiB' : 'maxResponseMiB'} is ${formatBytes(cap)}); the answer was dropped`);
        if (err instanceof MalformedList) throw refuse(`the list answer is malformed: ${err.message}`);
        throw err;
      }
      return {
        status,
        headers: res.headers,
        text,
        json: <T>() => parseJson<T>(text, refuse),
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

function parseJson<T>(text: string, refuse: (message: string) => PanelError): T {
  if (text === '') return null as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw refuse(`the answer is not JSON (${text.length} characters, starting "${excerpt(text, 60)}")`);
  }
}

function redirectMessage(status: number, location: string | null, from: URL): string {
  if (!location) return `answered ${status} (a redirect) without a Location; panelops follows no redirect`;
  let target: URL | undefined;
  try {
    target = new URL(location, from);
  } catch {
    // not a URL: named as given
  }
  const where = target && target.origin !== from.origin ? 'another origin' : 'another address';
  return `redirected (${status}) to ${where}: ${location}; panelops follows no redirect and sent nothing there (check the Panel url: scheme, host, port and base path)`;
}

function toPanelError(panel: string, method: string, route: string, err: unknown, outcomeUnknown: boolean): PanelError {
  const cause = err instanceof Error ? err : new Error(String(err));
  const code = (cause.cause as { code?: string } | undefined)?.code;
  const what = cause.name === 'TimeoutError' ? 'timed out' : `connection failed${code ? ` (${code})` : ''}`;
  return new PanelError(`${method} ${route} ${what}`, { panel, route, retryable: true, outcomeUnknown, cause });
}
