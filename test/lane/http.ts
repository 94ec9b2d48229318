/** One answer of a panel, as the lane compares it: the status and the body (parsed when it is JSON). */
export interface LaneAnswer {
  status: number;
  body: unknown;
}

/** The panel's own API as a case sees it: raw requests, authenticated by the adapter. */
export interface LaneApi {
  /** `headers` replace the adapter's own (a probe calling as another admin, or with none: `''` is not sent). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<LaneAnswer>;
  /** The same call, failing with the request and answer unless the status is 2xx. */
  ok<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export interface RawRequest {
  method: string;
  headers?: Record<string, string>;
  /** JSON-encoded unless it is already a URLSearchParams form. */
  body?: unknown;
}

// A real panel on a loaded machine renders a list of thousands of users in seconds (marzban.md §16.12).
const TIMEOUT_MS = 120_000;

/** One request, no redirects followed: a redirect is an answer the lane compares like any other. */
export async function rawCall(url: string, request: RawRequest): Promise<LaneAnswer> {
  const form = request.body instanceof URLSearchParams;
  const res = await fetch(url, {
    method: request.method,
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT_MS),
    headers: Object.fromEntries(Object.entries({ ...(request.body === undefined ? {} : { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }), ...request.headers }).filter(([, v]) => v !== '')),
    ...(request.body === undefined ? {} : { body: form ? (request.body as URLSearchParams).toString() : typeof request.body === 'string' ? request.body : JSON.stringify(request.body) }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: kept as text (Marzban answers a plain-text 500 on some clashes, §13).
  }
  return { status: res.status, body };
}

/** A LaneApi over `call`, adding `ok`. */
export function laneApi(call: LaneApi['call']): LaneApi {
  return {
    call,
    async ok<T>(method: string, path: string, body?: unknown) {
      const answer = await call(method, path, body);
      if (answer.status < 200 || answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      return answer.body as T;
    },
  };
}
