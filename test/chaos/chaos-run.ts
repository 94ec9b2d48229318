import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startXuiEmulator } from '../../controller/emulators/3x-ui/index.ts';
import { createRng } from '../../controller/emulators/kit/rng.ts';
import type { FaultOptions } from '../../controller/emulators/kit/faults.ts';
import { startMarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { removeLockFile } from '../../controller/state/local/lock-file.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { clientEmail, fleetFiles, userName } from './fleet.ts';
import { HostingSlice } from './hosting-slice.ts';
import { Invariants } from './invariants.ts';
import { byHandLost, makeByHand } from './by-hand.ts';
import { readStateView, type StateView } from './state-view.ts';

/**
 * A name the manifests drop in phase B (i % 10 === 0) that panelops does not own: made by hand
 * after phase B's first kill, preferably one a killed run had journaled a create for.
 */
function pickByHandName(users: number, view: StateView): string | undefined {
  const dropped = Array.from({ length: users }, (_, i) => i).filter((i) => i % 10 === 0).map(userName).filter((u) => !view.owned.has(u));
  return dropped.find((u) => view.createIntents.has(u)) ?? dropped[0];
}

const ROOT = join(import.meta.dirname, '..', '..');

export interface ChaosOptions {
  users: number;
  clients: number;
  /** SIGKILLs per phase. */
  killsPerPhase: number;
  /** When to kill: after this many write requests reached the panels (a random number in the range). */
  killAfterWrites: readonly [number, number];
  seed: number;
  hostingAccounts?: number;
  hostingMembers?: number;
  /** A `postgres://` state URL: the runs share a PostgreSQL state instead of a state directory. */
  stateUrl?: string;
  log?: (line: string) => void;
}

export interface ChaosReport {
  changes: number;
  faults: number;
  kills: number;
  runsToConverge: number;
  duplicates: number;
  unintendedDeletions: number;
  credentialRotations: number;
  trafficResets: number;
  reEnabled: number;
  /** Objects a killed run may have made whose manifests went since: claimed only by the journal, never deleted, reported in the plan. */
  leftForOperator: number;
  /** Objects panelops created whose manifests were removed, still on the panels at the end. */
  leftBehind: number;
  /** Users made by hand in the crash window under a name panelops did not own (they must survive). */
  madeByHand: number;
}

const FAULTS = (seed: number): FaultOptions => ({
  seed,
  latencyMs: [0, 3],
  errorRate: 0.03,
  resetBeforeRate: 0.01,
  resetAfterRate: 0.01,
  burst429: { every: 97, length: 2, retryAfterSeconds: 0 },
  tokenExpiryRate: 0.005,
});

/**
 * Applies a fleet against faulty emulators while killing the apply process at random
 * points, then turns the faults off and reruns until a plan is empty. Every kill leaves a
 * lock (cleared with `state unlock`, as an operator would) and a journal (settled by the
 * next run).
 */
export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const log = o.log ?? (() => {});
  const rng = createRng(o.seed);
  const mz = await startMarzbanEmulator({ seed: o.seed, faults: FAULTS(o.seed) });
  const xui = await startXuiEmulator({ seed: o.seed + 1, faults: FAULTS(o.seed + 1) });
  mz.seedUsers(20, { prefix: 'legacy' });
  xui.seedClients(20, { prefix: 'legacy' });
  const watch = new Invariants(mz, xui);
  const hosting = await HostingSlice.start(o.seed + 2, FAULTS(o.seed + 2), o.hostingAccounts ?? 20, o.hostingMembers ?? 30);
  const all = [mz, xui, hosting.op, hosting.ua];
  const dir = await tempDir('panelops-chaos-');
  const manifests = join(dir.path, 'manifests');
  const stateDir = join(dir.path, 'state');
  const env = { MZ_URL: mz.url, MZ_PASS: 'sandbox-admin-pass', XUI_URL: xui.url, XUI_TOKEN: 'sandbox-xui-token-0123456789abcdef0123456789abcdef', ...hosting.env };
  const report: ChaosReport = { changes: 0, faults: 0, kills: 0, runsToConverge: 0, duplicates: 0, unintendedDeletions: 0, credentialRotations: 0, trafficResets: 0, reEnabled: 0, leftForOperator: 0, leftBehind: 0, madeByHand: 0 };
  const stateArgs = o.stateUrl ? ['--state', o.stateUrl] : ['--state-dir', stateDir];
  const args = ['apply', '-f', manifests, ...stateArgs, '--auto-approve', '--allow-deletes', '1000000', '--lock-timeout', '5'];

  const countChanges = async () => {
    const res = await runCli(['plan', '-f', manifests, ...stateArgs, '--allow-deletes', '1000000', '--format', 'json'], env);
    const plan = JSON.parse(res.stdout || '{"panels":[]}') as { panels: Array<{ operations: unknown[] }> };
    return { code: res.code, operations: plan.panels.reduce((n, p) => n + p.operations.length, 0), text: res.stdout };
  };
  const writes = () => all.reduce((n, e) => n + e.counters.writes(), 0);
  // Killing on a count of writes (not a time) makes every kill land mid-apply, however slow the machine.
  const killedRun = (afterWrites: number) =>
    new Promise<void>((resolve) => {
      const start = writes();
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'controller/cli/main.ts'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
      const poll = setInterval(() => {
        if (writes() - start >= afterWrites) child.kill('SIGKILL');
      }, 5);
      child.on('exit', (_code, signal) => {
        clearInterval(poll);
        if (signal === 'SIGKILL') report.kills += 1;
        resolve();
      });
    });

  let byHandUser = '';
  try {
    for (const phase of ['A', 'B'] as const) {
      await writeFiles(manifests, { ...fleetFiles(o.users, o.clients, phase), ...hosting.files(phase) });
      for (const e of all) e.faults.configure({});
      report.changes += (await countChanges()).operations;
      all.forEach((e, i) => e.faults.configure(FAULTS(o.seed + (phase === 'A' ? 10 : 20) + i)));
      for (let k = 0; k < o.killsPerPhase; k++) {
        await killedRun(rng.int(o.killAfterWrites[0], o.killAfterWrites[1]));
        // A killed run leaves its file lock: cleared as an operator would, with `panelops state unlock`
        // (a PostgreSQL lock dies with its holder's connection).
        if (!o.stateUrl) for (const panel of ['mz', 'xui', 'op', 'ua']) await removeLockFile(stateDir, panel);
        // In the crash window, someone makes by hand a user under a name a killed run journaled a create for.
        // After the last kill of phase A (no run of A follows) or else the first of B.
        if (!byHandUser && ((phase === 'A' && k === o.killsPerPhase - 1) || phase === 'B')) {
          byHandUser = pickByHandName(o.users, await readStateView('mz', 'User', { stateDir, stateUrl: o.stateUrl })) ?? '';
          if (byHandUser) {
            makeByHand(mz, byHandUser, watch.legacyUsers[0] ?? '');
            watch.forget(byHandUser);
            log(`made by hand: User/${byHandUser}`);
          }
        }
        watch.observe();
        hosting.observe();
        log(`phase ${phase}: kill ${k + 1}, ${mz.state.users.size} users, ${xui.state.clients.size} clients on the panels`);
      }
    }
    report.faults = all.reduce((n, e) => n + e.faults.totalInjected(), 0);
    for (const e of all) e.faults.configure({});
    for (let run = 1; run <= 5; run++) {
      const res = await runCli(args, env);
      watch.observe();
      const plan = await countChanges();
      log(`after the faults: run ${run} exit ${String(res.code)}, ${plan.operations} change(s) left`);
      if (plan.code !== 0) log(JSON.stringify((JSON.parse(plan.text) as { panels: Array<{ guards: unknown; operations: Array<{ id: string }> }> }).panels.map((p) => [p.guards, p.operations.map((x) => x.id)])));
      if (plan.code === 0) {
        report.runsToConverge = run;
        break;
      }
    }
    const desiredUsers = Array.from({ length: o.users }, (_, i) => i).filter((i) => i % 10 !== 0).map(userName);
    const desiredClients = Array.from({ length: o.clients }, (_, i) => i).filter((i) => i % 10 !== 0).map(clientEmail);
    // What the last plan reports as claimed only by an unsettled journal intent: left on the
    // panel on purpose (the intent may predate a hand-made object of the same name), not a duplicate.
    const last = JSON.parse((await countChanges()).text || '{"panels":[]}') as { panels: Array<{ panel: string; notes: Array<{ kind: string; key: string; message: string }> }> };
    const claimed = last.panels.flatMap((p) => p.notes.map((n) => ({ ...n, panel: p.panel }))).filter((n) => n.message.includes('only an unfinished operation in the journal claims it'));
    report.leftForOperator = claimed.length;
    if (claimed.length) log(`left for the operator: ${claimed.map((n) => `${n.panel}:${n.kind}/${n.key}`).join(', ')}`);
    const claimedOn = (panel: string) => claimed.filter((n) => n.panel === panel).map((n) => n.key);
    const dropped = (n: number, name: (i: number) => string) => Array.from({ length: n }, (_, i) => i).filter((i) => i % 10 === 0).map(name);
    // What panelops made and the manifests removed must be gone; the hand-made user must stay as it was made.
    report.leftBehind =
      dropped(o.users, userName).filter((u) => u !== byHandUser && mz.state.findUser(u) !== undefined).length + dropped(o.clients, clientEmail).filter((c) => xui.state.clients.has(c)).length;
    const byHandGone = byHandUser ? byHandLost(mz, byHandUser) : 0;
    report.madeByHand = byHandUser ? 1 : 0;
    const core = watch.report([...desiredUsers, ...claimedOn('mz'), byHandUser], [...desiredClients, ...claimedOn('xui')]);
    const extra = hosting.report();
    Object.assign(report, core, {
      duplicates: core.duplicates + extra.duplicates,
      unintendedDeletions: core.unintendedDeletions + extra.unintendedDeletions + byHandGone,
      reEnabled: core.reEnabled + extra.reEnabled,
    });
    return report;
  } finally {
    for (const e of all) await e.close();
    await dir.cleanup();
  }
}

export function reportLines(r: ChaosReport): string[] {
  return [
    `changes applied: ${r.changes}`,
    `faults injected: ${r.faults}`,
    `kills: ${r.kills}`,
    `runs to converge: ${r.runsToConverge}`,
    `duplicates: ${r.duplicates}`,
    `unintended deletions: ${r.unintendedDeletions}`,
    `credential rotations: ${r.credentialRotations}`,
    `traffic resets: ${r.trafficResets}`,
    `re-enabled objects: ${r.reEnabled}`,
    `left for the operator (claimed only by the journal, reported in the plan): ${r.leftForOperator}`,
    `objects left behind (created by panelops, manifests removed): ${r.leftBehind}`,
    `users made by hand in the crash window (kept as made): ${r.madeByHand}`,
  ];
}
