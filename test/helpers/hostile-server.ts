import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the server received it: what a panel (or a host it redirects to) got to see. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface HostileServer {
  url: string;
  received: ReceivedRequest[];
  /** Bytes the handler managed to write before the client went away (for endless bodies). */
  bytesSent: number;
  close(): Promise<void>;
}

export type HostileHandler = (req: ReceivedRequest, res: ServerResponse, server: HostileServer) => void | Promise<void>;

/**
 * A loopback `node:http` server that answers as the test says: a panel that misbehaves on
 * purpose (redirects, endless bodies, echoed secrets, malformed lists). It records every
 * request it received, body included.
 */
export async function startHostileServer(handler: HostileHandler): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: ReceivedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      hostile.received.push(received);
      Promise.resolve(handler(received, res, hostile)).catch(() => res.destroy());
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const hostile: HostileServer = {
    url: `http://127.0.0.1:${port}`,
    received: [],
    bytesSent: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return hostile;
}

/** Writes `chunk` again and again until the client hangs up (or `limit` bytes): a 2 GB answer without holding 2 GB. */
export function sendEndless(res: ServerResponse, server: HostileServer, chunk: string, limit = 4 * 1024 ** 3): void {
  const bytes = Buffer.from(chunk);
  res.on('error', () => undefined);
  const pump = () => {
    while (server.bytesSent < limit && !res.destroyed) {
      server.bytesSent += bytes.length;
      if (!res.write(bytes)) return void res.once('drain', pump);
    }
    res.end();
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}

export const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};
