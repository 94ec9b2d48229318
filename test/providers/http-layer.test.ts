import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { PanelError } from '../../controller/providers/errors.ts';
import { PanelHttp } from '../../controller/providers/http.ts';
import { sendJson, startHostileServer } from '../helpers/hostile-server.ts';

describe('the panel HTTP layer against a faulty emulator', () => {
  let emu: MarzbanEmulator;
  const sleeps: number[] = [];
  const http = (url: string) =>
    new PanelHttp({ panel: 'mz', baseUrl: url, concurrency: 2, requestsPerSecond: 0, timeoutMs: 2000, retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 }, sleep: async (ms) => void sleeps.push(ms) });
  beforeEach(async () => {
    sleeps.length = 0;
    emu = await startMarzbanEmulator({ seed: 4 });
  });
  afterEach(() => emu.close());

  it('retries 429 bursts honouring Retry-After, then succeeds', async () => {
    emu.faults.configure({ burst429: { every: 10, length: 2, retryAfterSeconds: 3 } });
    const client = http(emu.url);
    const res = await client.request({ method: 'GET', path: '/api/inbounds' });
    expect(res.status).toBe(401);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await client.request({ method: 'GET', path: '/api/inbounds' })).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect(sleeps).toContain(3000);
  });

  it('retries 5xx only for idempotent requests', async () => {
    emu.faults.configure({ errorRate: 1 });
    const client = http(emu.url);
    expect((await client.request({ method: 'GET', path: '/api/admin' })).status).toBe(500);
    expect(emu.faults.tally.error500).toBe(4);
    expect((await client.request({ method: 'POST', path: '/api/user', json: {} })).status).toBe(500);
    expect(emu.faults.tally.error500).toBe(5);
  });

  it('marks a failing panel down instead of hammering it', async () => {
    emu.faults.configure({ errorRate: 1 });
    const client = http(emu.url);
    await client.request({ method: 'GET', path: '/api/admin' });
    await client.request({ method: 'GET', path: '/api/admin' });
    const sent = emu.faults.tally.error500;
    await expect(client.request({ method: 'GET', path: '/api/admin' })).rejects.toThrow(PanelError);
    await expect(client.request({ method: 'GET', path: '/api/admin' })).rejects.toThrow(/marked down/);
    expect(emu.faults.tally.error500).toBe(sent);
    expect(client.breaker.down).toBe(true);
  });
});

describe('the panel HTTP layer on answers that are not JSON', () => {
  it('a body cut short is a PanelError naming the route, not a SyntaxError', async () => {
    const server = await startHostileServer((_req, res) => sendJson(res, 200, '{"users":[{"username":"a"'));
    try {
      const client = new PanelHttp({ panel: 'p', baseUrl: server.url, concurrency: 1, requestsPerSecond: 0, timeoutMs: 2000 });
      const res = await client.request({ method: 'GET', path: '/api/admins' });
      expect(() => res.json()).toThrow(PanelError);
      expect(() => res.json()).toThrow(/GET \/api\/admins: the answer is not JSON \(25 characters/);
    } finally {
      await server.close();
    }
  });
});
