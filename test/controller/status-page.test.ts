import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { eventually, startController } from './controller-process.ts';

/** Debian's package; the browser test is skipped where it is not installed. */
const CHROMIUM = '/usr/bin/chromium';
const CANARY = 'Status-Page-Canary-9x!';

const users = (panel: string, names: string[]) =>
  `apiVersion: marzban.panelops.io/v1\nkind: UserList\nmetadata: { panel: ${panel} }\nspec:\n  defaults: { proxies: { vless: {} } }\n  items: [${names.map((n) => `{ name: ${n} }`).join(', ')}]\n`;
const panel = (name: string, url: string, password: string, mode = 'manage') =>
  marzbanPanel(`{ prune: true, mode: ${mode} }`).replace('name: mz', `name: ${name}`).replace('{ env: MZ_URL }', url).replace('{ env: MZ_PASS }', `{ env: ${password} }`);

/** The controller's page at `/`: every panel and how it stands, the failing ones with why, the last applies. */
describe('the status page', { timeout: 120_000 }, () => {
  let healthy: MarzbanEmulator;
  let watched: MarzbanEmulator;
  let dir: { path: string; cleanup(): Promise<void> };
  let controller: Awaited<ReturnType<typeof startController>>;
  let html: string;
  let headers: Headers;

  beforeAll(async () => {
    [healthy, watched] = await Promise.all([startMarzbanEmulator({ seed: 51 }), startMarzbanEmulator({ seed: 52 })]);
    dir = await tempDir();
    await writeFiles(join(dir.path, 'm'), {
      'eu-1.yaml': panel('eu-1', healthy.url, 'MZ_PASS'),
      'eu-1-users.yaml': users('eu-1', ['page_alice', 'page_bob']),
      'asia.yaml': panel('asia', watched.url, 'MZ_PASS', 'observe'),
      'asia-users.yaml': users('asia', ['watched_carol']),
      'down.yaml': panel('us-down', 'http://127.0.0.1:9', 'MZ_PASS'),
      'denied.yaml': panel('denied', healthy.url, 'WRONG_PASS'),
      'notifier.yaml': 'apiVersion: panelops.io/v1\nkind: Notifier\nmetadata: { name: ops }\nspec:\n  type: telegram\n  telegram: { botToken: { env: TG_BOT_TOKEN }, chatId: -1001 }\n',
    });
    controller = await startController(['--source', join(dir.path, 'm'), '--interval', '1h', '--listen', '127.0.0.1:0', '--state-dir', join(dir.path, 'state')], {
      MZ_USER: 'admin',
      MZ_PASS: 'sandbox-admin-pass',
      WRONG_PASS: CANARY,
    });
    await eventually(async () => {
      const status = (await (await fetch(`${controller.url}/status`)).json()) as { lastReconcile?: unknown };
      if (!status.lastReconcile) throw new Error('not reconciled yet');
    }, 60_000);
    const res = await fetch(`${controller.url}/`);
    headers = res.headers;
    html = await res.text();
  }, 120_000);
  afterAll(async () => {
    controller?.child.kill('SIGTERM');
    await controller?.exited;
    await Promise.all([healthy?.close(), watched?.close()]);
    await dir?.cleanup();
  });

  it('is one server-rendered document that loads nothing and shows no secret', () => {
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(html).not.toMatch(/<script|<img|<link|@import|url\(/i);
    // Links only to the controller's own endpoints.
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual(['/status', '/metrics']);
    expect(html).not.toContain(CANARY);
    expect(html).not.toContain('sandbox-admin-pass');
  });

  it('shows every panel and how it stands, the failing ones with their error, and the last applies', () => {
    const row = (name: string) => html.slice(html.indexOf(`<td><b>${name}</b></td>`), html.indexOf('</tr>', html.indexOf(`<td><b>${name}</b></td>`)));
    expect(row('eu-1')).toContain('in sync (applied)');
    expect(row('eu-1')).toContain('User: 2 create');
    expect(row('asia')).toContain('out of sync');
    expect(row('asia')).toContain('User: 1 create');
    expect(row('eu-1')).toMatch(/<time datetime="[^"]+"[^>]*>\d+ s ago<\/time>/);
    expect(row('us-down')).toContain('not observed');
    expect(row('us-down')).toContain('<td>never</td>');
    expect(row('denied')).toContain('not observed');
    const failing = html.slice(html.indexOf('<h2>Failing panels</h2>'));
    expect(failing).toMatch(/<b>us-down<\/b>: [^<]*connection failed/);
    expect(failing).toMatch(/<b>denied<\/b>: [^<]*401/);
    const applies = html.slice(html.indexOf('<h2>Last applies</h2>'));
    expect(applies).toMatch(/<td>eu-1<\/td><td><code>[^<]+<\/code><\/td><td>2<\/td><td>0<\/td><td>0<\/td>/);
    // The observe panel wrote nothing: no apply of it is listed.
    expect(applies).not.toContain('<td>asia</td>');
    expect(html).toContain('<b>ops</b>: environment variable TG_BOT_TOKEN is not set');
  });

  it.skipIf(!existsSync(CHROMIUM))('renders in headless Chromium', async () => {
    const run = promisify(execFile);
    const chromium = (...args: string[]) => run(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', ...args, `${controller.url}/`], { timeout: 60_000 });
    const { stdout: dom } = await chromium('--dump-dom');
    expect(dom).toContain('<h1>panelops</h1>');
    for (const name of ['eu-1', 'asia', 'us-down', 'denied']) expect(dom).toContain(`<b>${name}</b>`);
    const png = join(dir.path, 'status-page.png');
    await chromium(`--screenshot=${png}`, '--window-size=1100,900');
    const image = await readFile(png);
    expect(image.subarray(1, 4).toString()).toBe('PNG');
    expect(image.length).toBeGreaterThan(10_000);
    // PANELOPS_SCREENSHOT=docs/status-page.png keeps it, for the README.
    if (process.env.PANELOPS_SCREENSHOT) await copyFile(png, process.env.PANELOPS_SCREENSHOT);
  });
});
