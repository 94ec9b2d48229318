import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request ended. */
  at: number;
}

/** How the receiver answers one request: a status, headers and a body, or no answer at all. */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/**
 * A loopback HTTP server standing in for a notification receiver (Telegram's Bot API, a Slack
 * incoming webhook, a generic webhook). It records every request and answers from a script
 * of answers, then with `fallback`.
 */
export async function startReceiver(fallback: Answer = { status: 200, body: 'ok' }) {
  const received: Received[] = [];
  const script: Answer[] = [];
  const waiting: ServerResponse[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: performance.now() });
      const answer = script.shift() ?? fallback;
      if (answer === 'hang') {
        waiting.push(res);
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** Answers for the next requests, in order. */
    answerNext: (...answers: Answer[]) => script.push(...answers),
    bodies: () => received.map((r) => JSON.parse(r.body) as Record<string, unknown>),
    close: async () => {
      for (const res of waiting) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
