import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestCounters } from './counters.ts';
import { FaultInjector, type FaultOptions } from './faults.ts';
import { BadRequestBody, json, Router, type ArrayBody, type EmuRequest, type Reply } from './router.ts';

export interface EmulatorServerOptions {
  router: Router;
  /** The answer for a path no route knows, or a known path with the wrong method. */
  notFound: (req: EmuRequest, pathMatched: boolean) => Reply;
  /** The answer when a handler throws BadRequestBody (a body that does not parse). */
  badBody?: (req: EmuRequest) => Reply;
  faults?: FaultOptions;
  host?: string;
  port?: number;
  /** A JSON-safe dump of the emulator's state, served at GET /__emulator/state. */
  dumpState?: () => unknown;
  /** False for a request the panel drops without answering (Remnawave without its proxy headers): the socket is closed. */
  admits?: (req: EmuRequest) => boolean;
}

export interface EmulatorServer {
  url: string;
  counters: RequestCounters;
  faults: FaultInjector;
  close(): Promise<void>;
}

/** Control routes: never faulted, never counted; for tests that run the emulator in another process. */
const CONTROL = '/__emulator';

/**
 * Serves a Router over real HTTP on loopback, with request counting and fault injection.
 * Every emulator is one of these plus its own state and routes.
 */
export async function startEmulatorServer(options: EmulatorServerOptions): Promise<EmulatorServer> {
  const counters = new RequestCounters();
  const faults = new FaultInjector(options.faults);
  const controlRouter = buildControlRouter(counters, faults, options.dumpState);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://emulator');
    const emuReq = toEmuRequest(req, url, rawBody);
    const isControl = url.pathname.startsWith(CONTROL);

    if (!isControl) {
      if (options.admits && !options.admits(emuReq)) return void req.socket.destroy();
      const delay = faults.latency();
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const decision = faults.decide();
      if (decision.kind === 'resetBefore') return void req.socket.destroy();
      if (decision.kind === 'error500') return send(res, { status: 500, body: { detail: 'Injected fault' } });
      if (decision.kind === 'tooMany') {
        return send(res, {
          status: 429,
          body: { detail: 'Too Many Requests' },
          headers: { 'retry-after': String(decision.retryAfterSeconds) },
        });
      }
      const reply = await dispatch(options, emuReq, counters);
      if (decision.kind === 'resetAfter') return void req.socket.destroy();
      return send(res, reply);
    }
    return send(res, await dispatch({ ...options, router: controlRouter }, emuReq, undefined));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, { status: 500, text: 'Internal Server Error' });
      else res.destroy(err instanceof Error ? err : undefined);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    counters,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function buildControlRouter(counters: RequestCounters, faults: FaultInjector, dumpState?: () => unknown): Router {
  return new Router(CONTROL)
    .get('/counters', () => json(200, { requests: counters.snapshot(), total: counters.total(), writes: counters.writes() }))
    .post('/counters/reset', () => {
      counters.reset();
      return json(200, {});
    })
    .get('/faults', () => json(200, { injected: faults.tally, total: faults.totalInjected() }))
    .put('/faults', (req) => {
      faults.configure(req.json() as FaultOptions);
      return json(200, {});
    })
    .get('/state', () => json(200, dumpState ? dumpState() : {}));
}

async function dispatch(options: EmulatorServerOptions, req: EmuRequest, counters?: RequestCounters): Promise<Reply> {
  const found = options.router.match(req.method, req.path);
  if (!('handler' in found)) {
    counters?.record(req.method, '<unmatched>');
    return options.notFound(req, found.pathMatched);
  }
  counters?.record(req.method, found.pattern, String(req.headers['user-agent'] ?? ''));
  req.params = found.params;
  try {
    return await found.handler(req);
  } catch (err) {
    if (err instanceof BadRequestBody && options.badBody) return options.badBody(req);
    throw err;
  }
}

function toEmuRequest(req: IncomingMessage, url: URL, rawBody: Buffer): EmuRequest {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    params: {},
    query: url.searchParams,
    headers: req.headers,
    rawBody,
    contentType,
    json() {
      try {
        return JSON.parse(rawBody.toString('utf8')) as unknown;
      } catch {
        throw new BadRequestBody('body is not JSON');
      }
    },
    form: () => new URLSearchParams(rawBody.toString('utf8')),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Writes a streamed list body in batches of rows, waiting for the socket to drain and giving other requests a turn between them. */
async function sendStream(res: ServerResponse, reply: Reply, body: ArrayBody): Promise<void> {
  res.writeHead(reply.status, { ...reply.headers, 'content-type': 'application/json' });
  const open = JSON.stringify(body.before);
  const close = JSON.stringify(body.after);
  let piece = `${open.slice(0, -1)}${open.length > 2 ? ',' : ''}${JSON.stringify(body.field)}:[`;
  const view = body.view as (item: unknown) => unknown;
  let turn = performance.now();
  for (let i = 0; i < body.items.length; i += STREAM_BATCH) {
    piece += body.items.slice(i, i + STREAM_BATCH).map((item) => JSON.stringify(view(item))).join(',');
    if (i + STREAM_BATCH < body.items.length) piece += ',';
    if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
    // Other requests get a turn of the event loop at least every TURN_MS, as a real panel serves
    // them while it sends a long list. 'drain' alone is no such turn: a socket whose peer reads
    // fast drains on the next tick, and one 82 MB list then held every other request of the process.
    if (performance.now() - turn >= TURN_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      turn = performance.now();
    }
    piece = '';
  }
  res.end(`]${close.length > 2 ? `,${close.slice(1)}` : '}'}`);
}

const STREAM_BATCH = 500;
const TURN_MS = 20;

function send(res: ServerResponse, reply: Reply): void {
  if (reply.stream) {
    sendStream(res, reply, reply.stream).catch((err: unknown) => res.destroy(err instanceof Error ? err : undefined));
    return;
  }
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (reply.text !== undefined) {
    payload = reply.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json';
  }
  // Encoded once: measuring the length of a large string and then writing it encodes it twice.
  const bytes = Buffer.from(payload);
  headers['content-length'] = String(bytes.length);
  res.writeHead(reply.status, headers);
  res.end(bytes);
}
