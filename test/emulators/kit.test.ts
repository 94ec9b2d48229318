import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { json, Router, startEmulatorServer, type EmulatorServer } from '../../controller/emulators/kit/index.ts';
import { jsonWithList } from '../../controller/emulators/kit/router.ts';

describe('emulator kit', () => {
  let server: EmulatorServer | undefined;
  afterEach(async () => server?.close());

  const start = async (faults = {}) => {
    const router = new Router('/api')
      .get('/items/:id(\\d+)', (req) => json(200, { id: Number(req.params.id) }))
      .post('/items', (req) => json(200, req.json()));
    server = await startEmulatorServer({ router, faults, notFound: (_r, pathMatched) => json(pathMatched ? 405 : 404, {}) });
    return server;
  };

  it('routes by pattern, counts per pattern and tells a wrong method from an unknown path', async () => {
    const s = await start();
    expect(await (await fetch(`${s.url}/api/items/7`)).json()).toEqual({ id: 7 });
    expect((await fetch(`${s.url}/api/items/x`)).status).toBe(404);
    expect((await fetch(`${s.url}/api/items/7`, { method: 'DELETE' })).status).toBe(405);
    const posted = await fetch(`${s.url}/api/items`, { method: 'POST', body: JSON.stringify({ a: 1 }) });
    expect(await posted.json()).toEqual({ a: 1 });
    expect(s.counters.get('GET', '/api/items/:id(\\d+)')).toBe(1);
    expect(s.counters.writes()).toBe(2);
    const control = (await (await fetch(`${s.url}/__emulator/counters`)).json()) as { total: number };
    expect(control.total).toBe(4);
  });

  it('injects the same faults for the same seed', async () => {
    const statuses = async () => {
      const s = await start({ seed: 42, errorRate: 0.3, burst429: { every: 10, length: 2, retryAfterSeconds: 1 } });
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push((await fetch(`${s.url}/api/items/1`)).status);
      await s.close();
      server = undefined;
      return out;
    };
    const first = await statuses();
    expect(first).toContain(500);
    expect(first).toContain(429);
    expect(await statuses()).toEqual(first);
  });

  it('drops the connection after committing a write on resetAfter', async () => {
    const s = await start({ resetAfterRate: 1 });
    await expect(fetch(`${s.url}/api/items`, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(s.counters.get('POST', '/api/items')).toBe(1);
    expect(s.faults.tally.resetAfter).toBe(1);
  });

  it('answers other requests while it streams a long list to a client that reads it fast', async () => {
    // The panels of a bench run share this process: one list must not hold every other request.
    const rows = Array.from({ length: 200_000 }, (_, i) => ({ email: `client-${i}@example.com`, enable: true, totalGB: 0, expiryTime: 0, subId: `sub-${i}` }));
    let viewed = 0;
    let viewedAtPing: number | undefined;
    const router = new Router('/api')
      .get('/list', () => jsonWithList(200, { success: true }, 'obj', rows, (row) => ((viewed += 1), row)))
      .get('/ping', () => ((viewedAtPing = viewed), json(200, {})));
    server = await startEmulatorServer({ router, notFound: () => json(404, {}) });
    // Another process reads the list, as a panel's client does: as fast as loopback carries it.
    const reader = spawn(process.execPath, ['-e', `fetch(${JSON.stringify(`${server.url}/api/list`)}).then((r) => r.arrayBuffer()).then((b) => console.log(b.byteLength))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let read = '';
    reader.stdout.on('data', (chunk: Buffer) => (read += chunk.toString()));
    while (viewed === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await (await fetch(`${server.url}/api/ping`)).text();
    await once(reader, 'exit');
    expect(Number(read)).toBeGreaterThan(15_000_000);
    expect(viewed).toBe(rows.length);
    // Answered while the list was still being written, not after its last row.
    expect(viewedAtPing).toBeLessThan(rows.length);
  });
});
