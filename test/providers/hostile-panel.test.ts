import { afterEach, describe, expect, it } from 'vitest';
import { connectPanel } from '../../controller/engine/connect.ts';
import { PanelError } from '../../controller/providers/errors.ts';
import { PanelHttp } from '../../controller/providers/http.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import type { PanelConfig, PanelType } from '../../controller/providers/types.ts';
import { silentLogger } from '../../controller/shared/logger.ts';
import { secretForms } from '../../controller/shared/redact.ts';
import { sendEndless, sendJson, startHostileServer, type HostileServer } from '../helpers/hostile-server.ts';

const PASSWORD = 'Pa ss+wörd/"&=x1';
const API_KEY = 'key-0123456789abcdef';

const servers: HostileServer[] = [];
const start = async (...args: Parameters<typeof startHostileServer>) => {
  const s = await startHostileServer(...args);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const http = (url: string, extra: Partial<ConstructorParameters<typeof PanelHttp>[0]> = {}) =>
  new PanelHttp({ panel: 'p', baseUrl: url, concurrency: 2, requestsPerSecond: 0, timeoutMs: 5000, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 }, sleep: async () => undefined, ...extra });

const panelConfig = (type: PanelType, url: string, auth: Record<string, string>): PanelConfig => ({
  name: 'hostile',
  type,
  url,
  auth,
  limits: { concurrency: 2, requestsPerSecond: 0, timeoutMs: 5000, pageSize: 100, batchSize: 10 },
  policy: { prune: true, mode: 'manage', adopt: false, maxDeletes: 100, maxDeletePercent: 50, maxMissingPercent: 50 },
  source: { file: 'panel.yaml', line: 1, column: 1 },
});

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error('expected a failure');
  return err;
}

describe('a panel that redirects (issue 13 point 5)', () => {
  for (const status of [301, 302, 307, 308]) {
    it(`${status} to another origin: not followed, nothing sent there, the error names the Location`, async () => {
      const elsewhere = await start((_req, res) => sendJson(res, 200, { access_token: 'stolen' }));
      const panel = await start((_req, res) => {
        res.writeHead(status, { location: `${elsewhere.url}/collect` });
        res.end();
      });
      const client = http(panel.url);
      const err = await failureOf(client.request({ method: 'POST', path: '/api/admin/token', form: { username: 'admin', password: PASSWORD }, headers: { 'x-api-key': API_KEY }, idempotent: true }));
      expect(err).toBeInstanceOf(PanelError);
      expect(err.message).toContain(`${elsewhere.url}/collect`);
      expect(err.message).toMatch(new RegExp(`redirected \\(${status}\\) to another origin`));
      expect(elsewhere.received).toHaveLength(0);
      // A refused redirect is final: the panel is asked once, not once per retry.
      expect(panel.received).toHaveLength(1);
    });
  }

  it('a Marzban login redirected with 307 fails the connection with the Location, and the password goes nowhere else', async () => {
    const elsewhere = await start((_req, res) => sendJson(res, 200, { access_token: 'x' }));
    const panel = await start((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/api/admin/token` });
      res.end();
    });
    const err = await failureOf(connectPanel(panelConfig('marzban', panel.url, { username: 'admin', password: PASSWORD }), { registry: defaultRegistry(), logger: silentLogger() }));
    expect(err.message).toContain(elsewhere.url);
    expect(elsewhere.received).toHaveLength(0);
  });
});

describe('a panel that sends an endless answer (issue 13 point 6)', () => {
  it('a small endpoint is cut at its cap with a clean PanelError, and the process goes on', async () => {
    const panel = await start((_req, res, server) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      sendEndless(res, server, `{"detail":"${'x'.repeat(64 * 1024)}",`);
    });
    const err = await failureOf(http(panel.url).request({ method: 'GET', path: '/api/admin' }));
    expect(err).toBeInstanceOf(PanelError);
    expect(err.message).toMatch(/GET \/api\/admin: the answer exceeded 8 MiB \(limits\.maxResponseMiB/);
    // The connection was dropped near the cap: the server did not get to send its 4 GiB.
    expect(panel.bytesSent).toBeLessThan(64 * 1024 * 1024);
    expect(panel.received).toHaveLength(1);
  });

  it('a streamed list has its own cap, set per panel', async () => {
    const panel = await start((_req, res, server) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"total":1,"users":[');
      sendEndless(res, server, '{"username":"u"},');
    });
    const client = http(panel.url, { maxListBytes: 1024 * 1024 });
    const err = await failureOf(client.request({ method: 'GET', path: '/api/users', items: { field: 'users', key: 'username', map: (u) => u } }));
    expect(err.message).toMatch(/exceeded 1 MiB \(limits\.maxListMiB/);
    expect(panel.bytesSent).toBeLessThan(16 * 1024 * 1024);
  });

  it('an answer that announces more than the cap is refused before it is read', async () => {
    const panel = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2 * 1024 ** 3) });
      res.write('{');
    });
    const err = await failureOf(http(panel.url, { maxResponseBytes: 1024 }).request({ method: 'GET', path: '/api/admin' }));
    expect(err.message).toMatch(/exceeded 1024 bytes/);
  });

  it('the Panel manifest sets both caps (limits.maxResponseMiB, limits.maxListMiB)', async () => {
    const panel = await start((_req, res, server) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      sendEndless(res, server, `{"x":"${'y'.repeat(64 * 1024)}"},`);
    });
    const config = panelConfig('users-api', panel.url, { apiKey: API_KEY });
    config.limits.maxResponseMiB = 2;
    const err = await failureOf(connectPanel(config, { registry: defaultRegistry(), logger: silentLogger() }));
    expect(err.message).toMatch(/exceeded 2 MiB/);
  });
});

/** Echoes what it was sent, in every form, inside the error fields each panel type uses. */
const echoing = (status: number) => (req: { body: string; headers: Record<string, unknown>; url: string }, res: Parameters<Parameters<typeof startHostileServer>[0]>[1]) => {
  const echo = [req.body, JSON.stringify(req.headers), req.url, Buffer.from(req.body).toString('base64'), req.body.startsWith('{') ? '' : decodeURIComponent(req.body.replace(/\+/g, ' '))].join(' | ');
  sendJson(res, status, { success: false, msg: echo, detail: echo, error: echo, message: echo, obj: null });
};

describe('a panel that echoes secrets in its errors (issue 13 point 7)', () => {
  const cases: Array<[PanelType, Record<string, string>, string]> = [
    ['marzban', { username: 'admin', password: PASSWORD }, PASSWORD],
    ['openpanel', { username: 'admin', password: PASSWORD }, PASSWORD],
    ['3x-ui', { username: 'admin', password: PASSWORD }, PASSWORD],
    ['3x-ui', { token: API_KEY }, API_KEY],
    ['users-api', { apiKey: API_KEY }, API_KEY],
    ['remnawave', { token: API_KEY }, API_KEY],
  ];
  for (const [type, auth, secret] of cases) {
    it(`${type} (${Object.keys(auth).join(', ')}): the connection error holds no form of the secret`, async () => {
      // 3x-ui reports failures in an HTTP 200 envelope; the others with an error status.
      const panel = await start(echoing(type === '3x-ui' ? 200 : 400));
      const err = await failureOf(connectPanel(panelConfig(type, panel.url, auth), { registry: defaultRegistry(), logger: silentLogger() }));
      expect(panel.received.length).toBeGreaterThan(0);
      expect(err.message).toContain('[redacted]');
      for (const form of secretForms(secret)) expect(err.message.includes(form), `${type} error holds ${form}: ${err.message}`).toBe(false);
      expect(err.stack ?? '').not.toContain(secret);
      // A login body is never echoed as sent, not even with its password removed.
      for (const { body } of panel.received.filter((r) => r.body !== '')) {
        expect(err.message).not.toContain(body.replace(/password.*/, ''));
        expect(err.message).not.toContain(Buffer.from(body).toString('base64').slice(0, 12));
      }
    });
  }

  it('a username is no secret: routes such as /api/admin stay readable', async () => {
    const panel = await start((_req, res) => sendJson(res, 500, { detail: 'admin admin_x /api/admin' }));
    const client = http(panel.url, { secrets: [PASSWORD] });
    await client.request({ method: 'POST', path: '/api/admin/token', form: { username: 'admin', password: PASSWORD } });
    expect(client.redact('GET /api/admin failed for admin')).toBe('GET /api/admin failed for admin');
  });

  it('a bearer token the session obtained is redacted too', async () => {
    const panel = await start((req, res) => {
      if (req.url === '/api/admin/token') return sendJson(res, 200, { access_token: 'eyJ.session-token.sig' });
      sendJson(res, 500, { detail: `bad token ${String(req.headers.authorization)}` });
    });
    const client = http(panel.url, { secrets: [PASSWORD] });
    const res = await client.request({ method: 'GET', path: '/api/admin', headers: { authorization: 'Bearer eyJ.session-token.sig' } });
    expect(client.redact(res.text)).not.toContain('session-token');
  });
});
