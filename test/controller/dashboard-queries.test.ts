import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { eventually, startController } from './controller-process.ts';

const PROMETHEUS = '/usr/bin/prometheus';
const examples = join(import.meta.dirname, '..', '..', 'examples');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * Every query of the shipped Grafana dashboard, evaluated by a real Prometheus server (Debian's
 * package, installed by .ci/run) that scrapes a running controller: each must parse and return
 * data. A dashboard panel that names a metric wrong, or a label it does not have, shows here.
 */
describe.skipIf(!existsSync(PROMETHEUS) && !process.env.CI)('the dashboard against a real scrape', () => {
  let emulator: MarzbanEmulator;
  let dir: { path: string; cleanup(): Promise<void> };
  let controller: Awaited<ReturnType<typeof startController>>;
  let prometheus: ChildProcess;
  let api: string;

  beforeAll(async () => {
    emulator = await startMarzbanEmulator({ seed: 9 });
    dir = await tempDir();
    const users = 'apiVersion: marzban.panelops.io/v1\nkind: UserList\nmetadata: { panel: mz }\nspec:\n  defaults: { proxies: { vmess: {} } }\n  items: [{ name: scraped_a }, { name: scraped_b }]\n';
    // Beside the healthy panel: one that never answers and one that refuses the credentials (401); neither ever succeeds.
    const broken = (name: string, url: string, password: string) => marzbanPanel().replace('name: mz', `name: ${name}`).replace('{ env: MZ_URL }', url).replace('{ env: MZ_PASS }', `{ env: ${password} }`);
    await writeFiles(join(dir.path, 'm'), {
      'panel.yaml': marzbanPanel(),
      'users.yaml': users,
      'down.yaml': broken('down', 'http://127.0.0.1:9', 'MZ_PASS'),
      'denied.yaml': broken('denied', emulator.url, 'WRONG_PASS'),
    });
    const listen = await freePort();
    controller = await startController(['--source', join(dir.path, 'm'), '--interval', '2s', '--listen', `127.0.0.1:${listen}`, '--state-dir', join(dir.path, 'state')], {
      MZ_URL: emulator.url,
      MZ_USER: 'admin',
      MZ_PASS: 'sandbox-admin-pass',
      WRONG_PASS: 'not-the-password',
    });
    const port = await freePort();
    await writeFile(join(dir.path, 'prometheus.yml'), `global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: panelops\n    static_configs: [{ targets: ['127.0.0.1:${listen}'] }]\n`);
    prometheus = spawn(PROMETHEUS, [`--config.file=${join(dir.path, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir.path, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    api = `http://127.0.0.1:${port}/api/v1`;
    // Rates need two samples of a counter that moved: wait for a few scrapes after an apply.
    await eventually(async () => {
      const res = (await (await fetch(`${api}/query?query=${encodeURIComponent('count(panelops_reconcile_total)')}`)).json()) as { data: { result: unknown[] } };
      if (!res.data.result.length) throw new Error('no scrape yet');
    }, 30_000, 250);
    await new Promise((r) => setTimeout(r, 5000));
  }, 60_000);
  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    controller?.child.kill('SIGTERM');
    await controller?.exited;
    await emulator?.close();
    await dir?.cleanup();
  });

  it('every dashboard query parses and returns series', async () => {
    const dashboard = JSON.parse(await readFile(join(examples, 'grafana/panelops-dashboard.json'), 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    const empty: string[] = [];
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const query = expr.replace(/\$__rate_interval|\$__interval/g, '1m');
        const res = (await (await fetch(`${api}/query?query=${encodeURIComponent(query)}`)).json()) as { status: string; error?: string; data?: { result: unknown[] } };
        expect(res.status, `${panel.title}: ${expr}: ${res.error ?? ''}`).toBe('success');
        if (!res.data?.result.length) empty.push(`${panel.title}: ${expr}`);
      }
    }
    const panelsOf = async (title: string) => {
      const expr = dashboard.panels.find((p) => p.title === title)?.targets[0]?.expr ?? '';
      const res = (await (await fetch(`${api}/query?query=${encodeURIComponent(expr)}`)).json()) as { data: { result: Array<{ metric: Record<string, string> }> } };
      return res.data.result.map((r) => r.metric);
    };
    // A panel that never succeeded is in "since last success"; refused credentials count as API errors.
    expect((await panelsOf('Since last successful reconcile')).map((m) => m.panel).sort()).toEqual(['denied', 'down', 'mz']);
    expect(await panelsOf('Panel API errors')).toContainEqual({ panel: 'denied', code: '401' });
    // Counts stay per controller (instance): two controllers' panels of one name are never summed.
    for (const metric of await panelsOf('Owned and unmanaged objects')) expect(metric.instance).toBeDefined();
    // Latency quantiles, API errors, guard trips, applied operations and notifications have data only once they happened; the rest always do.
    expect(empty.filter((e) => !/histogram_quantile|guard_blocked|apply_operations|code=~|notifications_total/.test(e)), empty.join('\n')).toEqual([]);
  }, 60_000);
});
