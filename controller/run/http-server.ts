import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '../metrics/metrics.ts';
import type { Reconciler } from './reconciler.ts';
import { validSignature } from './webhook.ts';

export interface ControllerServerOptions {
  metrics: Metrics;
  reconciler: Reconciler;
  onWebhook: () => void;
  webhookSecret?: string | undefined;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** /metrics, /healthz, /readyz, /status and POST /hooks/git (design §4). */
export async function startControllerServer(listen: { host: string; port: number }, options: ControllerServerOptions): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, body: string, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      };
      const path = new URL(req.url ?? '/', 'http://controller').pathname;
      if (req.method === 'GET' && path === '/metrics') return send(200, await options.metrics.text(), options.metrics.registry.contentType);
      if (req.method === 'GET' && path === '/healthz') return send(200, '{"ok":true}');
      if (req.method === 'GET' && path === '/readyz') return options.reconciler.ready ? send(200, '{"ready":true}') : send(503, '{"ready":false}');
      if (req.method === 'GET' && path === '/status') return send(200, JSON.stringify(options.reconciler.status, null, 2));
      if (req.method === 'POST' && path === '/hooks/git') {
        const body = await readBody(req);
        const signature = req.headers['x-hub-signature-256'];
        if (!validSignature(options.webhookSecret ?? '', body, typeof signature === 'string' ? signature : undefined)) {
          return send(401, '{"error":"bad or missing X-Hub-Signature-256"}');
        }
        options.onWebhook();
        return send(202, '{"accepted":true}');
      }
      return send(404, '{"error":"not found"}');
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(listen.port, listen.host, resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://${listen.host}:${port}` };
}
