import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '../metrics/metrics.ts';
import type { Reconciler } from './reconciler.ts';
import { renderStatusPage } from './status-page.ts';
import { readWebhookBody, validSignature } from './webhook.ts';

export interface ControllerServerOptions {
  metrics: Metrics;
  reconciler: Reconciler;
  onWebhook: () => void;
  webhookSecret?: string | undefined;
}

/** / (the status page), /metrics, /healthz, /readyz, /status and POST /hooks/git (design §4). */
export async function startControllerServer(listen: { host: string; port: number }, options: ControllerServerOptions): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, body: string, type = 'application/json', headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': type, ...headers });
        res.end(body);
      };
      // The rest of a body past the limit stays unread: the sender gets a moment to read the
      // answer (closing a socket with unread data resets it at once), then the connection goes.
      const refuseLarge = () => {
        send(413, '{"error":"a webhook body may have at most 1 MiB"}');
        setTimeout(() => req.destroy(), 1000).unref();
      };
      const path = new URL(req.url ?? '/', 'http://controller').pathname;
      if (req.method === 'GET' && path === '/metrics') return send(200, await options.metrics.text(), options.metrics.registry.contentType);
      if (req.method === 'GET' && path === '/healthz') return send(200, '{"ok":true}');
      if (req.method === 'GET' && path === '/readyz') return options.reconciler.ready ? send(200, '{"ready":true}') : send(503, '{"ready":false}');
      // The status page loads nothing from anywhere: no script, no image, no font; its style is inline.
      if (req.method === 'GET' && path === '/') return send(200, renderStatusPage(options.reconciler.status), 'text/html; charset=utf-8', { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'x-content-type-options': 'nosniff' });
      if (req.method === 'GET' && path === '/status') return send(200, JSON.stringify(options.reconciler.status, null, 2));
      if (req.method === 'POST' && path === '/hooks/git') {
        const body = await readWebhookBody(req);
        if (body === 'too-large') return refuseLarge();
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
  await new Promise<void>((resolve, reject) => {
    // A busy or forbidden address is the listen call's failure, not an unhandled 'error' event.
    const failed = (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'the address is already in use' : err.code === 'EACCES' ? 'permission denied' : err.message;
      reject(new Error(`cannot listen on ${listen.host}:${listen.port}: ${why} (--listen)`));
    };
    server.once('error', failed);
    server.listen(listen.port, listen.host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://${listen.host}:${port}` };
}
