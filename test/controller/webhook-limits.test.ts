import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { startController } from './controller-process.ts';

const SECRET = 'webhook-limit-secret';
const MiB = 1024 * 1024;

/**
 * Streams up to `total` bytes to the webhook, 64 KiB at a time and only as fast as the
 * connection takes them, and stops at the answer: how many bytes had left when it came.
 */
function streamPost(url: string, headers: Record<string, string>, total: number): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    let answered = false;
    const req = request(`${url}/hooks/git`, { method: 'POST', headers });
    req.on('response', (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, sent });
      req.destroy();
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('the webhook reads a bounded body', () => {
  let root: { path: string; cleanup(): Promise<void> };
  let controller: Awaited<ReturnType<typeof startController>>;

  beforeAll(async () => {
    root = await tempDir();
    // A controller starts only on a directory that holds manifests; this one need not reach its panel.
    await writeFiles(root.path, { 'panel.yaml': marzbanPanel() });
    controller = await startController(['--source', root.path, '--interval', '1h', '--listen', '127.0.0.1:0', '--state-dir', `${root.path}/.state`], { PANELOPS_WEBHOOK_SECRET: SECRET });
  });
  afterAll(async () => {
    controller.child.kill('SIGKILL');
    await root.cleanup();
  });

  it('answers 413 to a signed post past 1 MiB without taking the rest of a 100 MB body', async () => {
    const result = await streamPost(controller.url, { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, 100 * MiB);
    expect(result.status).toBe(413);
    // What was sent is the 1 MiB read plus what the sockets buffered, not the 100 MB.
    expect(result.sent).toBeLessThan(32 * MiB);
  });

  it('answers 413 to an unsigned post of 100 MB, and 401 to a small one', async () => {
    const result = await streamPost(controller.url, {}, 100 * MiB);
    expect(result.status).toBe(413);
    expect((await fetch(`${controller.url}/hooks/git`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect(result.sent).toBeLessThan(32 * MiB);
  });

  it('counts the bytes received, whatever Content-Length declares', async () => {
    const result = await streamPost(controller.url, { 'x-hub-signature-256': 'sha256=00', 'content-length': String(100 * MiB) }, 100 * MiB);
    expect(result.status).toBe(413);
    expect(result.sent).toBeLessThan(32 * MiB);
  });

  it('still accepts a signed body of up to 1 MiB, and survives the refused ones', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', padding: 'x'.repeat(MiB - 100) });
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const answer = await fetch(`${controller.url}/hooks/git`, { method: 'POST', headers: { 'x-hub-signature-256': signature }, body });
    expect(answer.status).toBe(202);
    expect((await fetch(`${controller.url}/healthz`)).status).toBe(200);
  });
});
