import type { IncomingHttpHeaders } from 'node:http';

/** What a route handler sees of a request. */
export interface EmuRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** The media type of the body, lower-cased, without parameters ("" when absent). */
  contentType: string;
  /** Parses the body as JSON; throws BadRequestBody when it is not JSON. */
  json(): unknown;
  /** Parses an application/x-www-form-urlencoded body. */
  form(): URLSearchParams;
}

export interface Reply {
  status: number;
  /** Serialized as JSON unless `text` is given. `undefined` with no text means an empty body. */
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /** A JSON object with one large array field, written in pieces as the socket drains. */
  stream?: ArrayBody;
}

/** `{...before, [field]: items.map(view), ...after}`, in that key order. */
export interface ArrayBody {
  before: Record<string, unknown>;
  field: string;
  items: readonly unknown[];
  view: (item: never) => unknown;
  after: Record<string, unknown>;
}

/** Lists longer than this are written in pieces: a 100,000-row answer is never one string. */
const STREAM_ABOVE = 1000;

/**
 * A JSON object holding a list (a page of users, every client), as the panels send them.
 * Large lists are streamed, as a panel's web server does, so neither side holds the whole body.
 */
export function jsonWithList<T>(status: number, before: Record<string, unknown>, field: string, items: readonly T[], view: (item: T) => unknown, after: Record<string, unknown> = {}): Reply {
  if (items.length <= STREAM_ABOVE) return json(status, { ...before, [field]: items.map(view), ...after });
  return { status, stream: { before, field, items, view: view as (item: never) => unknown, after } };
}

export type Handler = (req: EmuRequest) => Reply | Promise<Reply>;

export class BadRequestBody extends Error {}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply =>
  headers ? { status, body, headers } : { status, body };
export const empty = (status: number): Reply => ({ status });
export const text = (status: number, body: string): Reply => ({ status, text: body });

interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  names: string[];
  handler: Handler;
}

/**
 * A small method + path router. Patterns use `:name` for a path segment and
 * `:name(regex)` to restrict it (e.g. `/api/users/:id(\\d+)`); the pattern string is
 * also the counter key, so tests count requests per route, not per concrete path.
 */
export class Router {
  private readonly routes: Route[] = [];

  constructor(private readonly prefix = '') {}

  on(method: string, pattern: string, handler: Handler): this {
    const full = this.prefix + pattern;
    const names: string[] = [];
    const source = full
      .split('/')
      .map((seg) => {
        const m = /^:(\w+)(?:\((.+)\))?$/.exec(seg);
        if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1] ?? '');
        return `(${m[2] ?? '[^/]+'})`;
      })
      .join('/');
    this.routes.push({ method, pattern: full, regex: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.on('GET', pattern, handler);
  }
  post(pattern: string, handler: Handler): this {
    return this.on('POST', pattern, handler);
  }
  put(pattern: string, handler: Handler): this {
    return this.on('PUT', pattern, handler);
  }
  patch(pattern: string, handler: Handler): this {
    return this.on('PATCH', pattern, handler);
  }
  delete(pattern: string, handler: Handler): this {
    return this.on('DELETE', pattern, handler);
  }

  /** Finds the route for a request; `pathMatched` tells a wrong method from an unknown path. */
  match(
    method: string,
    path: string,
  ): { handler: Handler; pattern: string; params: Record<string, string> } | { pathMatched: boolean } {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
      return { handler: r.handler, pattern: r.pattern, params };
    }
    return { pathMatched };
  }
}

/** A JSON object body, or undefined when the content type or the text is not a JSON object. */
export function jsonObjectBody(req: EmuRequest): Record<string, unknown> | undefined {
  if (req.contentType !== 'application/json') return undefined;
  try {
    const v = req.json();
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
