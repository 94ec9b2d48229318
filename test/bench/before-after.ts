/**
 * Issue 33's table, before and after side by side in one run: the code of BEFORE_REF (main when
 * the issue was filed) and this tree, both built as the package builds (bench-trees.ts), run
 * against the same emulators, taking turns with each other and with the floor:
 * - no-op plan, 100,000 Marzban users + 100,000 3x-ui clients, against the floor;
 * - controller reconcile at an unchanged revision, same fleet, against the floor;
 * - apply of 1% drift (2,000 changes), PostgreSQL state against local files;
 * - no-op plan, 10,000 OpenPanel accounts, against the floor and a naive per-account loop.
 * Each tree imports the fleet with its own CLI into manifests and state of its own.
 * BENCH_TARGET_USERS and BENCH_TARGET_ACCOUNTS shrink the fleets for a quick run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { startXuiEmulator } from '../../controller/emulators/3x-ui/index.ts';
import { startMarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { startOpenPanelEmulator } from '../../controller/emulators/openpanel/index.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { buildAfterTree, buildBeforeTree, removeBeforeTree, type BenchTree } from './bench-trees.ts';
import { readAccounts, readVpnPages, XUI_TOKEN } from './floors.ts';
import { measureChild, type PlanMeasure } from './measure.ts';
import type { BenchDatabase } from './postgres-state.ts';
import { VPN_PANELS } from './vpn-fleet.ts';

/** Main when issue 33 was filed. */
export const BEFORE_REF = '15c0a4f';
const ROUNDS = 3;
const USERS_PAGE = defaultRegistry().get('marzban')?.defaultLimits.pageSize ?? 1000;
const OP_PANEL = `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: hosting }
spec: { type: openpanel, url: { env: OP_URL }, auth: { username: admin, password: { env: OP_PASS } }, limits: { concurrency: 8, requestsPerSecond: 0 } }
`;

interface Cell {
  tree: string;
  seconds: number;
  vsFloor?: number;
  rssMiB?: number;
  notes?: string;
}

interface Measure {
  measure: string;
  target: string;
  /** The floor or the comparison, in the same turns. */
  reference: string;
  cells: Cell[];
  /** Whether this tree's cell meets the target. */
  met: (cell: Cell) => boolean;
}

export interface BeforeAfter {
  targets: string[];
  section: string;
}

const medianOf = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const medianRun = (runs: PlanMeasure[]): PlanMeasure => [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)] as PlanMeasure;
const timed = async (fn: () => Promise<void>): Promise<number> => {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
};

/** A tree's built CLI to its end; its exit code and the end of its stderr. */
function cli(tree: BenchTree, args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tree.cli, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function mustCli(tree: BenchTree, args: string[], env: Record<string, string>): Promise<void> {
  const r = await cli(tree, args, env);
  if (r.code !== 0) throw new Error(`bench: ${tree.label}: panelops ${args.slice(0, 3).join(' ')} exited ${String(r.code)}: ${r.stderr}`);
}

async function createDatabase(db: BenchDatabase, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: db.server.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(db.server.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function measureBeforeAfter(db: BenchDatabase, progress: (line: string) => void): Promise<BeforeAfter> {
  const dir = await tempDir('panelops-before-after-');
  try {
    progress('before/after: building this tree as the package builds');
    const after = await buildAfterTree();
    const before = await buildBeforeTree(BEFORE_REF, dir.path, progress);
    const trees = [...(before ? [before] : []), after];
    const measures = [...(await measureVpnTurns(trees, dir.path, db, progress)), ...(await measureHostingTurns(trees, dir.path, progress))];
    return render(measures, trees);
  } finally {
    await removeBeforeTree(dir.path);
    await dir.cleanup();
  }
}

async function measureVpnTurns(trees: BenchTree[], dir: string, db: BenchDatabase, progress: (line: string) => void): Promise<Measure[]> {
  const n = Number(process.env.BENCH_TARGET_USERS ?? 100_000);
  const mz = await startMarzbanEmulator({ seed: 1 });
  const xui = await startXuiEmulator({ seed: 2 });
  try {
    mz.seedUsers(n, { prefix: 'bench' });
    xui.seedClients(n, { prefix: 'bench', inboundTags: ['vless-reality'] });
    const env = { MZ_URL: mz.url, MZ_PASS: 'sandbox-admin-pass', XUI_URL: xui.url, XUI_TOKEN };
    const dirs = new Map<BenchTree, { manifests: string; stateDir: string }>();
    for (const [i, tree] of trees.entries()) {
      const d = { manifests: join(dir, `vpn-m-${i}`), stateDir: join(dir, `vpn-s-${i}`) };
      dirs.set(tree, d);
      await writeFiles(d.manifests, { 'panels.yaml': VPN_PANELS });
      progress(`before/after: ${tree.label} imports ${n} + ${n}`);
      for (const [panel, kind] of [['mz', 'User'], ['xui', 'Client']] as const) await mustCli(tree, ['import', '--panel', panel, '--kind', kind, '-f', d.manifests, '--state-dir', d.stateDir], env);
    }
    const floor = () => timed(() => readVpnPages(mz.url, xui.url, n, USERS_PAGE));
    const floors: number[] = [];
    const plans = new Map<BenchTree, PlanMeasure[]>(trees.map((t) => [t, []]));
    const steady = new Map<BenchTree, PlanMeasure[]>(trees.map((t) => [t, []]));
    for (let round = 0; round < ROUNDS; round++) {
      progress(`before/after: ${2 * n} objects, round ${round + 1} of ${ROUNDS}: floor, no-op plans, floor, steady reconciles`);
      floors.push(await floor());
      for (const tree of trees) plans.get(tree)?.push(await measureChild(tree.planOnce, [dirs.get(tree)!.manifests, dirs.get(tree)!.stateDir], env));
      floors.push(await floor());
      for (const tree of trees) steady.get(tree)?.push(await measureChild(tree.reconcileOnce, [dirs.get(tree)!.manifests, dirs.get(tree)!.stateDir], env));
    }
    const floorSeconds = medianOf(floors);
    const cell = (tree: BenchTree, runs: PlanMeasure[], extra = ''): Cell => {
      const m = medianRun(runs);
      return { tree: tree.label, seconds: m.seconds, vsFloor: m.seconds / floorSeconds, rssMiB: m.rssMiB, notes: `changes ${m.changes}${m.errors ? `, ${m.errors} diagnostics` : ''}${extra}` };
    };
    const objects = (2 * n).toLocaleString('en');
    const out: Measure[] = [
      {
        measure: `no-op plan, ${objects} objects`,
        target: '≤ 1.3x the floor; peak RSS ≤ 512 MiB',
        reference: `floor ${floorSeconds.toFixed(2)} s (median of ${floors.length}, in the same turns)`,
        cells: trees.map((t) => cell(t, plans.get(t) ?? [])),
        met: (c) => (c.vsFloor ?? Infinity) <= 1.3 && (c.rssMiB ?? Infinity) <= 512,
      },
      {
        measure: `controller reconcile at an unchanged revision, ${objects} objects`,
        target: '≤ 1.1x the floor',
        reference: `floor ${floorSeconds.toFixed(2)} s`,
        cells: trees.map((t) => cell(t, steady.get(t) ?? [], `; the reconcile before it, at start: ${medianRun(steady.get(t) ?? []).loadSeconds.toFixed(2)} s`)),
        met: (c) => (c.vsFloor ?? Infinity) <= 1.1,
      },
    ];
    out.push(await measureStateApplies(trees, dirs, env, db, n, { mz, xui }, progress));
    return out;
  } finally {
    await mz.close();
    await xui.close();
  }
}

/** 1% drift made on the panels, applied through each tree's files and its PostgreSQL database in turns. */
async function measureStateApplies(
  trees: BenchTree[],
  dirs: Map<BenchTree, { manifests: string; stateDir: string }>,
  env: Record<string, string>,
  db: BenchDatabase,
  n: number,
  panels: { mz: Awaited<ReturnType<typeof startMarzbanEmulator>>; xui: Awaited<ReturnType<typeof startXuiEmulator>> },
  progress: (line: string) => void,
): Promise<Measure> {
  const urls = new Map<BenchTree, string>();
  for (const [i, tree] of trees.entries()) {
    const url = await createDatabase(db, `panelops_before_after_${i}`);
    await mustCli(tree, ['state', 'migrate', '--from', dirs.get(tree)!.stateDir, '--to', url], env);
    urls.set(tree, url);
  }
  const drifted = Math.max(1, n / 100);
  const drift = () => {
    [...panels.mz.state.users.values()].slice(0, drifted).forEach((u) => (u.data_limit = (u.data_limit ?? 0) + 2 ** 30));
    [...panels.xui.state.clients.values()].slice(0, drifted).forEach((c) => (c.totalGB += 2 ** 30));
  };
  const writes = () => panels.mz.counters.writes() + panels.xui.counters.writes();
  const times = new Map<string, number[]>();
  const notes: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const tree of trees) {
      for (const state of ['files', 'PostgreSQL'] as const) {
        progress(`before/after: apply of ${2 * drifted} changes, ${tree.label}, ${state} state, round ${round + 1} of ${ROUNDS}`);
        drift();
        const where = state === 'files' ? ['--state-dir', dirs.get(tree)!.stateDir] : ['--state', urls.get(tree)!];
        const sent = writes();
        const seconds = await timed(async () => {
          const r = await cli(tree, ['apply', '-f', dirs.get(tree)!.manifests, ...where, '--auto-approve'], env);
          if (r.code !== 0) notes.push(`${tree.label}, ${state}: exit ${String(r.code)}: ${r.stderr.trim().split('\n').slice(-2).join(' / ')}`);
        });
        if (round === 0 && writes() - sent < 2 * drifted) notes.push(`${tree.label}, ${state}: ${writes() - sent} write requests for ${2 * drifted} changes`);
        times.set(`${tree.label}/${state}`, [...(times.get(`${tree.label}/${state}`) ?? []), seconds]);
      }
    }
  }
  const cells = trees.map((tree): Cell => {
    const files = medianOf(times.get(`${tree.label}/files`) ?? []);
    const shared = medianOf(times.get(`${tree.label}/PostgreSQL`) ?? []);
    return { tree: tree.label, seconds: shared, vsFloor: shared / files, notes: `files ${files.toFixed(2)} s in the same turns` };
  });
  return {
    measure: `apply of ${(2 * drifted).toLocaleString('en')} changes (1% drift), PostgreSQL state against local files`,
    target: '≤ 1.1x the files',
    reference: `each tree's own files, medians of ${ROUNDS}${notes.length ? `; ${notes.join('; ')}` : ''}`,
    cells,
    met: (c) => (c.vsFloor ?? Infinity) <= 1.1 && notes.length === 0,
  };
}

async function measureHostingTurns(trees: BenchTree[], dir: string, progress: (line: string) => void): Promise<Measure[]> {
  const n = Number(process.env.BENCH_TARGET_ACCOUNTS ?? 10_000);
  // Every measured plan is a process that logs in: more than the real burst of 5 (openpanel.md §9).
  const op = await startOpenPanelEmulator({ seed: 3, loginBucket: { burst: 1000, refillMs: 12_000 } });
  try {
    op.seedAccounts(n, { prefix: 'site' });
    const env = { OP_URL: op.url, OP_PASS: 'sandbox-op-pass' };
    const accounts = [...op.state.accounts.values()];
    const dirs = new Map<BenchTree, { manifests: string; stateDir: string }>();
    for (const [i, tree] of trees.entries()) {
      const d = { manifests: join(dir, `op-m-${i}`), stateDir: join(dir, `op-s-${i}`) };
      dirs.set(tree, d);
      await writeFiles(d.manifests, { 'panel.yaml': OP_PANEL });
      progress(`before/after: ${tree.label} imports ${n} OpenPanel accounts`);
      // The API lists no accounts: the operator names them (here, every seeded one).
      await mustCli(tree, ['import', '--panel', 'hosting', '--kind', 'Plan', '--kind', 'Account', ...accounts.flatMap((a) => ['--name', a.plain]), '-f', d.manifests, '--state-dir', d.stateDir], env);
    }
    const names = accounts.map((a) => a.username);
    const floors: number[] = [];
    const naive: number[] = [];
    const plans = new Map<BenchTree, PlanMeasure[]>(trees.map((t) => [t, []]));
    for (let round = 0; round < ROUNDS; round++) {
      progress(`before/after: ${n} OpenPanel accounts, round ${round + 1} of ${ROUNDS}: floor, naive loop, no-op plans`);
      floors.push(await timed(() => readAccounts(op.url, names, 8)));
      naive.push(await timed(() => readAccounts(op.url, names, 10)));
      for (const tree of trees) plans.get(tree)?.push(await measureChild(tree.planOnce, [dirs.get(tree)!.manifests, dirs.get(tree)!.stateDir], env));
    }
    const floor = medianOf(floors);
    const loop = medianOf(naive);
    return [
      {
        measure: `no-op plan, ${n.toLocaleString('en')} OpenPanel accounts (one read per account)`,
        target: '≤ 1.15x the floor, and never slower than the naive loop',
        reference: `floor ${floor.toFixed(2)} s (one read per account, 8 at a time); naive loop ${loop.toFixed(2)} s (10 at a time); medians of ${ROUNDS}, in the same turns`,
        cells: trees.map((tree) => {
          const m = medianRun(plans.get(tree) ?? []);
          return { tree: tree.label, seconds: m.seconds, vsFloor: m.seconds / floor, rssMiB: m.rssMiB, notes: `changes ${m.changes}; ${(loop / m.seconds).toFixed(2)}x the naive loop's speed` };
        }),
        met: (c) => (c.vsFloor ?? Infinity) <= 1.15 && c.seconds <= loop,
      },
    ];
  } finally {
    await op.close();
  }
}

function render(measures: Measure[], trees: BenchTree[]): BeforeAfter {
  const x = (v: number | undefined) => (v === undefined ? '' : `${v.toFixed(2)}x`);
  const header = `| measure | ${trees.map((t) => `${t.label} s | ratio | RSS MiB`).join(' | ')} | target | in the same turns |`;
  const rule = `|---|${trees.map(() => '---|---|---|').join('')}---|---|`;
  const lines = measures.map((m) => `| ${m.measure} | ${m.cells.map((c) => `${c.seconds.toFixed(2)} | ${x(c.vsFloor)} | ${c.rssMiB ?? ''}`).join(' | ')} | ${m.target} | ${m.reference} |`);
  const notes = measures.flatMap((m) => m.cells.filter((c) => c.notes).map((c) => `- ${m.measure}, ${c.tree}: ${c.notes ?? ''}`));
  const after = trees.at(-1)?.label;
  const targets = measures.map((m) => {
    const now = m.cells.at(-1);
    const then = m.cells.length > 1 ? m.cells[0] : undefined;
    if (!now) return `- ${m.measure}: no measurement`;
    return `- ${m.measure}: ${x(now.vsFloor)} (${now.seconds.toFixed(2)} s${now.rssMiB ? `, ${now.rssMiB} MiB` : ''})${then ? `, before ${x(then.vsFloor)}` : ''} (target ${m.target}): ${m.met(now) ? 'met' : 'NOT met'}`;
  });
  return {
    targets,
    section: `${header}\n${rule}\n${lines.join('\n')}\n\n${notes.join('\n')}\n\nThe ratio is to the floor, except on the apply row (PostgreSQL to files). "${after}" is this tree.`,
  };
}
