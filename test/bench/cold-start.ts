/**
 * Cold start (issue 15): the whole-process wall time of the built CLI (`node bin/panelops.js`,
 * running dist/), as an operator or a CI job starts it. "before" is BASELINE_REF built the way
 * it built then (tsc file by file, every schema compiled by Ajv at run time), in a git worktree
 * that shares node_modules; "after" is this tree's `npm run build`. The two take turns, and each
 * row is a median.
 */
import { execFile, spawn } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startXuiEmulator } from '../../controller/emulators/3x-ui/index.ts';
import { startMarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { VPN_PANELS, XUI_TOKEN } from './vpn-fleet.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
/** The last commit before the build bundled the CLI and precompiled the schemas. */
export const BASELINE_REF = 'cb642b1';
const EXAMPLES = ['marzban', '3x-ui', 'openpanel', 'users-api'];
const TARGETS = { version: 0.15, validate: 0.4, planFixed: 0.3 };

interface Build {
  label: 'before' | 'after';
  bin: string;
}

export interface ColdStartResult {
  /** Markdown lines: the targets, then the table. */
  targets: string[];
  table: string;
}

/** Runs `node ...args` to its end; its wall time in seconds. Rejects on an unexpected exit code. */
function wall(args: string[], env: Record<string, string>, expectCode = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === expectCode ? resolve((performance.now() - started) / 1000) : reject(new Error(`bench: node ${args.join(' ')} exited ${String(code)}: ${stderr.slice(0, 500)}`))));
  });
}

const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Each command `runs` times, the commands taking turns; the median of each. */
async function turns(commands: Array<() => Promise<number>>, runs: number): Promise<number[]> {
  const times: number[][] = commands.map(() => []);
  for (let i = 0; i < runs; i++) for (const [j, c] of commands.entries()) times[j]?.push(await c());
  return times.map(medianOf);
}

async function prepareBaseline(dir: string, progress: (line: string) => void): Promise<Build | undefined> {
  const tree = join(dir, 'before');
  try {
    await run('git', ['worktree', 'add', '--detach', tree, BASELINE_REF], { cwd: ROOT });
  } catch {
    progress(`cold start: ${BASELINE_REF} is not in this clone (shallow?): no "before" rows`);
    return undefined;
  }
  await symlink(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  progress(`cold start: building ${BASELINE_REF} as it built then`);
  await run(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: tree });
  return { label: 'before', bin: join(tree, 'bin', 'panelops.js') };
}

/** `--version`, `validate` of each example and a no-op plan of a tiny fleet, before and after. */
export async function measureColdStart(progress: (line: string) => void): Promise<ColdStartResult> {
  const dir = await tempDir('panelops-cold-');
  const mz = await startMarzbanEmulator({ seed: 3 });
  const xui = await startXuiEmulator({ seed: 4 });
  let baseline: Build | undefined;
  try {
    progress('cold start: npm run build');
    await run('npm', ['run', 'build', '--silent'], { cwd: ROOT });
    baseline = await prepareBaseline(dir.path, progress);
    const builds: Build[] = [...(baseline ? [baseline] : []), { label: 'after', bin: join(ROOT, 'bin', 'panelops.js') }];
    // A process starts with PATH and HOME only, as in a CI step. This machine also sets
    // NODE_EXTRA_CA_CERTS, which makes every Node start read a CA bundle: shown on its own row.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' };
    const rows: Array<{ measure: string; seconds: number[]; target?: number; fixedOver?: number; notes?: string }> = [];

    progress('cold start: node -e 0 and --version');
    const [bare] = await turns([() => wall(['-e', '0'], env)], 11);
    rows.push({ measure: 'node -e 0 (the floor of any Node process)', seconds: [bare ?? NaN], notes: 'median of 11' });
    if (process.env.NODE_EXTRA_CA_CERTS) {
      const [withCa] = await turns([() => wall(['-e', '0'], { ...env, NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '' })], 11);
      rows.push({ measure: 'node -e 0 with this machine\'s NODE_EXTRA_CA_CERTS', seconds: [withCa ?? NaN], notes: 'median of 11; not in the rows below' });
    }
    rows.push({ measure: 'panelops --version', seconds: await turns(builds.map((b) => () => wall([b.bin, '--version'], env)), 11), target: TARGETS.version, notes: 'median of 11' });

    progress('cold start: validate of the examples');
    for (const example of EXAMPLES) {
      const args = ['validate', '-f', join(ROOT, 'examples', example)];
      rows.push({ measure: `panelops validate -f examples/${example}`, seconds: await turns(builds.map((b) => () => wall([b.bin, ...args], env)), 7), target: TARGETS.validate, notes: 'median of 7' });
    }

    progress('cold start: no-op plan of a tiny fleet');
    mz.seedUsers(10, { prefix: 'tiny' });
    xui.seedClients(10, { prefix: 'tiny', inboundTags: ['vless-reality'] });
    const manifests = join(dir.path, 'm');
    const stateDir = join(dir.path, 'state');
    const panelEnv = { ...env, MZ_URL: mz.url, MZ_PASS: 'sandbox-admin-pass', XUI_URL: xui.url, XUI_TOKEN };
    await writeFiles(manifests, { 'panels.yaml': VPN_PANELS });
    const after = join(ROOT, 'bin', 'panelops.js');
    for (const [panel, kind] of [['mz', 'User'], ['xui', 'Client']] as const) await wall([after, 'import', '--panel', panel, '--kind', kind, '-f', manifests, '--state-dir', stateDir], panelEnv);
    // The floor: a bare Node process that logs in and reads the same list pages, and nothing else.
    const floorScript = join(dir.path, 'floor.mjs');
    await writeFile(
      floorScript,
      `const { MZ_URL, MZ_PASS, XUI_URL, XUI_TOKEN } = process.env;
const login = await fetch(MZ_URL + '/api/admin/token', { method: 'POST', body: new URLSearchParams({ username: 'admin', password: MZ_PASS }) });
const { access_token } = await login.json();
await (await fetch(MZ_URL + '/api/users?limit=5000', { headers: { authorization: 'Bearer ' + access_token } })).text();
await (await fetch(XUI_URL + '/panel/api/clients/list', { headers: { authorization: 'Bearer ' + XUI_TOKEN } })).text();
`,
    );
    const planArgs = ['plan', '-f', manifests, '--state-dir', stateDir];
    const [floor = NaN, ...plans] = await turns([() => wall([floorScript], panelEnv), ...builds.map((b) => () => wall([b.bin, ...planArgs], panelEnv))], 7);
    rows.push({ measure: 'floor: log in and read the same list pages (bare node)', seconds: [floor], notes: 'median of 7, taking turns with the plans' });
    rows.push({ measure: 'panelops plan, 10 Marzban users + 10 3x-ui clients, no changes', seconds: plans, target: TARGETS.planFixed, fixedOver: floor, notes: 'median of 7; exit 0; the target is on the time beyond the floor' });

    const labels = builds.map((b) => b.label);
    const cell = (s: number | undefined) => (s === undefined ? '' : s.toFixed(3));
    const table = [
      `| measure | ${labels.length === 2 ? `before (${BASELINE_REF}) s | after s` : 'after s'} | target | notes |`,
      `|---|${labels.map(() => '---|').join('')}---|---|`,
      ...rows.map((r) => {
        const values = r.seconds.length === labels.length ? r.seconds : [...labels.slice(1).map(() => undefined), r.seconds[0]];
        const target = r.target === undefined ? '' : r.fixedOver === undefined ? `≤ ${r.target} s` : `≤ ${r.target} s beyond the floor`;
        return `| ${r.measure} | ${values.map(cell).join(' | ')} | ${target} | ${r.notes ?? ''} |`;
      }),
    ].join('\n');
    const targets = rows
      .filter((r) => r.target !== undefined)
      .map((r) => {
        const now = (r.seconds.at(-1) ?? NaN) - (r.fixedOver ?? 0);
        const then = r.seconds.length === 2 ? (r.seconds[0] ?? NaN) - (r.fixedOver ?? 0) : undefined;
        const what = r.fixedOver === undefined ? `${now.toFixed(3)} s` : `${now.toFixed(3)} s beyond the floor`;
        return `- Cold start, ${r.measure}: ${what}${then === undefined ? '' : ` (before: ${then.toFixed(3)} s)`} (target ≤ ${r.target} s): ${now <= (r.target ?? 0) ? 'met' : 'NOT met'}`;
      });
    return { targets, table };
  } finally {
    await mz.close();
    await xui.close();
    if (baseline) await run('git', ['worktree', 'remove', '--force', join(dir.path, 'before')], { cwd: ROOT }).catch(() => undefined);
    await dir.cleanup();
  }
}
