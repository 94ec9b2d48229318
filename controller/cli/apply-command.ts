import { parseTargets } from '../engine/target.ts';
import { applyWithRollout } from '../rollout/apply-with-rollout.ts';
import { rolloutSummary } from '../rollout/rollout-report.ts';
import { cliProvenance } from '../history/provenance.ts';
import { historyWriter } from '../history/record-history.ts';
import type { PlanRun } from '../engine/make-plan.ts';
import { heldOperations, readPlanFile, runFromSaved, staleOperations } from '../engine/saved-plan.ts';
import { countChanges, isBlocked, type ChangeSetEntry, type Plan } from '../engine/types.ts';
import { withPanelLocks } from '../engine/with-locks.ts';
import { LockError, type HeldLock, type StateBackend } from '../state/backend.ts';
import type { ManifestSet } from '../manifest/load.ts';
import { summaryLine } from '../render/counts.ts';
import { renderChangeSetText } from '../render/text-changes.ts';
import { panelsChangedByManifests } from '../notify/manifest-changes.ts';
import type { AppliedRun } from './apply-notify.ts';
import { confirmApply } from './confirm.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import { renderPlan } from './plan-output.ts';
import { closeSessions, planFromManifests, type PlanCommandOptions } from './plan-command.ts';
import { ApplyProgress } from './progress.ts';
import { loadOrFail, type Runtime } from './runtime.ts';
import { withState } from './with-state.ts';

export interface ApplyCommandOptions extends PlanCommandOptions {
  planFile?: string;
  /** -f was given explicitly: a saved plan is checked against that directory instead of its own source. */
  dirGiven?: boolean;
  autoApprove: boolean;
  maxOps?: number;
  signal?: AbortSignal;
  lockTimeoutMs?: number;
  /** What to print before applying: the whole plan (a fresh one), or its summary (a saved, reviewed one). */
  show?: 'plan' | 'summary';
  /** `--notify`: send this run's events through the Notifier documents (CI has no controller to do it). */
  notify?: boolean;
  /** `--notify-timeout`: the longest the process waits for its notifications to be delivered. */
  notifyTimeoutMs?: number;
  /** `--revision` / `--author`: what history records as the source of this run (else CI variables, else the checkout). */
  revision?: string;
  author?: string;
  /** With a Rollout: go on to the next wave once one checks out (after its pause) instead of stopping. */
  continueWaves?: boolean;
}

/** `apply`: a fresh plan from the manifests, or exactly a saved plan that is still current. */
export async function applyCommand(rt: Runtime, options: ApplyCommandOptions): Promise<ExitCode> {
  const saved = options.planFile ? await readPlanFile(options.planFile).catch((err: Error) => Promise.reject(new CliError(err.message))) : undefined;
  const dir = saved && !options.dirGiven ? saved.source : options.dir;
  const manifests = await loadOrFail(rt, dir);
  const seen: AppliedRun = {};
  let code: ExitCode | undefined;
  try {
    code = await applyWithState(rt, { ...options, dir }, manifests, saved, seen);
    return code;
  } finally {
    // After the locks and the state are released: a slow receiver holds no panel. Never throws.
    if (options.notify) await (await import('./apply-notify.ts')).notifyAfterApply(rt, manifests, seen, code, options.notifyTimeoutMs ?? 10_000);
  }
}

function applyWithState(rt: Runtime, options: ApplyCommandOptions, manifests: ManifestSet, saved: Plan | undefined, seen: AppliedRun): Promise<ExitCode> {
  return withState(rt, options, async (state) => {
    // Every panel this run could write to (named in manifests, or owned in state) is locked before it is observed.
    const panels = [...manifests.panels.map((p) => p.name), ...(await state.panels())];
    return lockErrorsAsCli(() => withPanelLocks(
      state,
      panels,
      { command: 'apply' },
      { timeoutMs: options.lockTimeoutMs ?? 60_000, onWait: (panel, h) => rt.stderr.write(`Waiting for the lock on ${panel} (held by pid ${h.pid} on ${h.host} since ${h.since})...\n`) },
      (locks) => applyLocked(rt, options, manifests, saved, state, locks, seen),
    ));
  });
}

const lockErrorsAsCli = async <T>(fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof LockError ? new CliError(err.message) : err;
  }
};

async function applyLocked(
  rt: Runtime,
  options: ApplyCommandOptions,
  manifests: ManifestSet,
  saved: Plan | undefined,
  state: StateBackend,
  locks: ReadonlyMap<string, HeldLock>,
  seen: AppliedRun,
): Promise<ExitCode> {
  const run = saved ? await savedRun(rt, saved, options, manifests, state) : await planFromManifests(rt, options, state, manifests);
  seen.plan = run.plan;
  if (options.notify) seen.changedByManifests = panelsChangedByManifests(run);
  if ((options.show ?? (saved ? 'summary' : 'plan')) === 'plan') rt.stdout.write(renderPlan(run.plan, 'text', rt.color));
  else rt.stdout.write(`${saved ? `Applying the saved plan ${options.planFile ?? ''} (made ${saved.createdAt}). ` : ''}${summaryLine(run.plan)}\n`);
  if (isBlocked(run.plan)) {
    await closeSessions(run);
    rt.stderr.write('The plan is blocked by a guard: nothing was applied.\n');
    return EXIT.blocked;
  }
  const total = countChanges(run.plan);
  if (total === 0) {
    await closeSessions(run);
    rt.stdout.write('Nothing to apply.\n');
    return run.plan.panels.some((p) => p.error) ? EXIT.error : EXIT.ok;
  }
  // A saved plan was reviewed when it was made: applying it asks nothing, as Terraform does.
  if (!options.autoApprove && !saved && !(await confirmApply(process.stdin, rt.stderr))) {
    await closeSessions(run);
    rt.stderr.write('Apply cancelled.\n');
    return EXIT.error;
  }
  const progress = new ApplyProgress(rt.stderr, Math.min(total, options.maxOps ?? total));
  const provenance = await cliProvenance({ dir: options.dir, revision: options.revision, author: options.author }, rt.env);
  const history = historyWriter(run, provenance, { env: rt.env });
  const applyOptions = {
    onEntry: (entry: ChangeSetEntry) => {
      progress.record(entry);
      history.onEntry(entry);
    },
    onPanelApplied: history.onPanelApplied,
    logger: rt.logger,
    locks,
    ...(options.maxOps !== undefined ? { maxOps: options.maxOps } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const { changes, rollout } = await applyWithRollout(run, applyOptions, {
    manifests,
    deps: { registry: rt.registry, logger: rt.logger },
    planOptions: { state, target: parseTargets(options.target ?? []), allowDeletes: options.allowDeletes ?? 0, allowCredentialChanges: options.allowCredentialChanges ?? false },
    next: async (done, pending, pauseSeconds) => {
      if (!options.continueWaves) return false;
      rt.stderr.write(`Wave ${done.name} checked out; ${pauseSeconds ? `waiting ${pauseSeconds} s before` : 'going on to'} wave ${pending[0]?.name ?? ''}.\n`);
      await new Promise((r) => setTimeout(r, pauseSeconds * 1000));
      return true;
    },
  });
  seen.changes = changes;
  seen.rollout = rollout;
  rt.stdout.write(renderChangeSetText(changes, { color: rt.color }));
  const told = rollout && rolloutSummary(rollout);
  if (told) rt.stdout.write(`${told}${rollout.waitingAfter ? ' Run apply again for the next wave, or add --continue-waves.' : ''}\n`);
  const failed = changes.entries.some((e) => e.result === 'failed') || run.plan.panels.some((p) => p.error) || rollout?.stoppedAt !== undefined;
  return failed ? EXIT.error : EXIT.ok;
}

/** A saved plan is applied only if every object it touches is as it was when planned. */
async function savedRun(rt: Runtime, saved: Plan, options: ApplyCommandOptions, manifests: ManifestSet, state: StateBackend): Promise<PlanRun> {
  const file = options.planFile ?? 'the plan file';
  const fresh = await planFromManifests(rt, options, state, manifests);
  const held = heldOperations(saved, fresh);
  const stale = staleOperations(saved, fresh, held);
  if (stale.length) {
    await closeSessions(fresh);
    throw new CliError(`the saved plan ${file} is stale; make a new plan. Changed since it was made:\n${stale.map((s) => `  ${s}`).join('\n')}`);
  }
  const planned = saved.panels.reduce((n, p) => n + p.operations.length, 0);
  if (held.size > 0 && held.size === planned) rt.stdout.write(`The saved plan ${file} is already applied: every object it changes holds its planned result on the panel.\n`);
  else if (held.size > 0) rt.stdout.write(`${held.size} of the saved plan's ${planned} operations already hold on the panel; applying the other ${planned - held.size}.\n`);
  return runFromSaved(saved, fresh, held);
}
