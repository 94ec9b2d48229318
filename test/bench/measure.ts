import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import { runCli } from '../helpers/run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export interface PlanMeasure {
  seconds: number;
  loadSeconds: number;
  changes: number;
  errors: number;
  rssMiB: number;
}

/**
 * Runs a script in a child process and parses the JSON line it prints: a bundled `.js` (an
 * absolute path, bench-trees.ts) as it is, a `.ts` of this tree under tsx.
 */
export function measureChild(script: string, args: string[], env: Record<string, string>): Promise<PlanMeasure> {
  // `npm run bench` bundles this tree's entries first (BENCH_BUNDLED_DIR): every row runs the code as it ships.
  const bundled = process.env.BENCH_BUNDLED_DIR && !script.endsWith('.js') ? join(process.env.BENCH_BUNDLED_DIR, `${basename(script, '.ts')}.js`) : undefined;
  const command = script.endsWith('.js') ? [script] : bundled ? [bundled] : ['--import', 'tsx', join(ROOT, script)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...command, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as PlanMeasure) : reject(new Error(`${script} exited ${String(code)}`))));
  });
}

/** `apply --auto-approve` of the targeted objects through the CLI: its wall time and the write requests the panel saw. */
export async function measureApply(target: string, dirs: { manifests: string; stateDir: string }, env: Record<string, string>, writes: () => number): Promise<{ seconds: number; writes: number; exit: number | null }> {
  const before = writes();
  const started = performance.now();
  const applied = await runCli(['apply', '-f', dirs.manifests, '--state-dir', dirs.stateDir, '--auto-approve', '--target', target], env);
  return { seconds: (performance.now() - started) / 1000, writes: writes() - before, exit: applied.code };
}

/**
 * Runs a plan three times and keeps the run of median wall time: on a shared 2-core machine
 * one run can be 15% off. `afterFirst` runs between the first run and the others, so the
 * caller can count that run's requests (every run sends the same).
 */
export async function medianPlan(args: string[], env: Record<string, string>, afterFirst: () => void): Promise<PlanMeasure> {
  const first = await measureChild('test/bench/plan-once.ts', args, env);
  afterFirst();
  const runs = [first, await measureChild('test/bench/plan-once.ts', args, env), await measureChild('test/bench/plan-once.ts', args, env)];
  return median(runs);
}

/** The run of median wall time. */
export function median(runs: PlanMeasure[]): PlanMeasure {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error('bench: no runs to take the median of');
  return middle;
}

/** Runs `fn` with at most `limit` promises in flight. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  }));
}
