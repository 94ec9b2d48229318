/**
 * `npm run bench`: no-op plan, 1% drift plan and a 10% bulk apply at N = 1,000 and 10,000
 * (and 100,000 with BENCH_MAX=100000), next to a per-object read baseline and a bare list-page
 * floor measured in the same run. Writes test/bench/RESULTS.md.
 */
import { cpus, totalmem } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startXuiEmulator } from '../../controller/emulators/3x-ui/index.ts';
import { startMarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { runImport } from '../../controller/import/run-import.ts';
import { loadManifests } from '../../controller/manifest/load.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { silentLogger } from '../../controller/shared/logger.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { measureChild, pool } from './measure.ts';

const TOKEN = 'sandbox-xui-token-0123456789abcdef0123456789abcdef';
const sizes = [1000, 10_000, ...(Number(process.env.BENCH_MAX ?? 0) >= 100_000 ? [100_000] : [])];
const rows: string[] = [];
const row = (cells: Array<string | number>) => rows.push(`| ${cells.join(' | ')} |`);
const s = (x: number) => x.toFixed(2);

for (const n of sizes) {
  const mz = await startMarzbanEmulator({ seed: 1 });
  const xui = await startXuiEmulator({ seed: 2 });
  mz.seedUsers(n, { prefix: 'bench' });
  xui.seedClients(n, { prefix: 'bench', inboundTags: ['vless-reality'] });
  const dir = await tempDir('panelops-bench-');
  const manifests = join(dir.path, 'm');
  const stateDir = join(dir.path, 'state');
  const env = { MZ_URL: mz.url, MZ_PASS: 'sandbox-admin-pass', XUI_URL: xui.url, XUI_TOKEN: TOKEN };
  await writeFiles(manifests, {
    'panels.yaml': `apiVersion: panelops.io/v1\nkind: Panel\nmetadata: { name: mz }\nspec: { type: marzban, url: { env: MZ_URL }, auth: { username: admin, password: { env: MZ_PASS } }, limits: { concurrency: 8, requestsPerSecond: 0 } }\n---\napiVersion: panelops.io/v1\nkind: Panel\nmetadata: { name: xui }\nspec: { type: 3x-ui, url: { env: XUI_URL }, auth: { token: { env: XUI_TOKEN } }, limits: { concurrency: 8, requestsPerSecond: 0 } }\n`,
  });
  const loaded = await loadManifests({ dir: manifests, registry: defaultRegistry(), env });
  for (const panel of loaded.panels) {
    await runImport({ panel, manifests: loaded, out: manifests, stateDir, adopt: true, kinds: panel.type === 'marzban' ? ['User'] : ['Client'] }, { registry: defaultRegistry(), logger: silentLogger() });
  }
  const requests = () => mz.counters.total() + xui.counters.total();
  const objects = 2 * n;

  // (e) floor: the same list pages, fetched and read, nothing else.
  let t = performance.now();
  let before = requests();
  const { access_token: token } = (await (await fetch(`${mz.url}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'sandbox-admin-pass' }) })).json()) as { access_token: string };
  for (let offset = 0; offset < n; offset += 1000) await (await fetch(`${mz.url}/api/users?offset=${offset}&limit=1000`, { headers: { authorization: `Bearer ${token}` } })).text();
  await (await fetch(`${xui.url}/panel/api/clients/list`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const floor = { seconds: (performance.now() - t) / 1000, requests: requests() - before };

  // (d) baseline: one read per object at concurrency 10, as per-resource refresh tools do.
  t = performance.now();
  before = requests();
  const names = [...mz.state.users.keys()];
  const emails = [...xui.state.clients.keys()];
  await pool(names, 10, async (u) => void (await (await fetch(`${mz.url}/api/user/${u}`, { headers: { authorization: `Bearer ${token}` } })).text()));
  await pool(emails, 10, async (e) => void (await (await fetch(`${xui.url}/panel/api/clients/get/${encodeURIComponent(e)}`, { headers: { authorization: `Bearer ${TOKEN}` } })).text()));
  const baseline = { seconds: (performance.now() - t) / 1000, requests: requests() - before };

  // (a) no-op plan.
  before = requests();
  const noop = await measureChild('test/bench/plan-once.ts', [manifests, stateDir], env);
  const noopRequests = requests() - before;
  // (b) 1% drift, made on the panels behind panelops' back.
  for (const u of names.slice(0, n / 100)) mz.setUsedTraffic(u, 1);
  [...mz.state.users.values()].slice(0, n / 100).forEach((u) => (u.note = 'drifted'));
  [...xui.state.clients.values()].slice(0, n / 100).forEach((c) => (c.comment = 'drifted'));
  before = requests();
  const drift = await measureChild('test/bench/plan-once.ts', [manifests, stateDir], env);
  const driftRequests = requests() - before;
  // (c) 10% new 3x-ui clients, applied through the bulk endpoints.
  await writeFiles(manifests, { 'new-clients.json': JSON.stringify({ apiVersion: 'xui.panelops.io/v1', kind: 'ClientList', spec: { items: Array.from({ length: n / 10 }, (_, i) => ({ name: `fresh${i}@bench.example`, inbounds: ['vmess-ws'] })) } }) });
  const writesBefore = xui.counters.writes();
  t = performance.now();
  const applied = await runCli(['apply', '-f', manifests, '--state-dir', stateDir, '--auto-approve', '--target', 'xui:Client/fresh*'], env);
  const apply = { seconds: (performance.now() - t) / 1000, writes: xui.counters.writes() - writesBefore, ok: applied.code === 0 };

  row([objects, 'no-op plan', s(noop.seconds), noopRequests, noop.rssMiB, `${s(baseline.seconds / noop.seconds)}x faster, ${s(baseline.requests / noopRequests)}x fewer requests`, `${s(noop.seconds / floor.seconds)}x`, `changes ${noop.changes}; manifests loaded in ${s(noop.loadSeconds)} s`]);
  row([objects, '1% drift plan', s(drift.seconds), driftRequests, drift.rssMiB, `${s(baseline.seconds / drift.seconds)}x faster`, `${s(drift.seconds / floor.seconds)}x`, `changes ${drift.changes}`]);
  row([n / 10, 'apply 10% new 3x-ui clients', s(apply.seconds), `${apply.writes} writes`, '', '', '', `exit ${apply.ok ? 0 : 1}; bulk batch 500: bound ${Math.ceil(n / 10 / 500)} + c`]);
  row([objects, 'baseline: one GET per object, concurrency 10', s(baseline.seconds), baseline.requests, '', '1x', `${s(baseline.seconds / floor.seconds)}x`, '']);
  row([objects, 'floor: list pages, no processing', s(floor.seconds), floor.requests, '', '', '1x', '']);
  process.stdout.write(`${rows.slice(-5).join('\n')}\n`);
  await mz.close();
  await xui.close();
  await dir.cleanup();
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
await writeFile(
  join(import.meta.dirname, 'RESULTS.md'),
  `# Benchmark results\n\nMachine: ${machine}. Reproduce: \`npm run bench\` (add \`BENCH_MAX=100000\` for the 100,000 rows).\nMarzban users and 3x-ui clients, N of each; objects = 2N. The emulators run in the bench process; each plan runs in a process of its own (its peak RSS is shown).\n\n| objects | measure | wall s | requests | peak RSS MiB | vs baseline | vs floor | notes |\n|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`,
);
