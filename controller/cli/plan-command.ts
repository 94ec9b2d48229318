import { EarlyReads } from '../engine/early-reads.ts';
import { makePlan, type PlanRun } from '../engine/make-plan.ts';
import { parseTargets } from '../engine/target.ts';
import { targetWarnings } from '../engine/target-warnings.ts';
import { countChanges, isBlocked, type Plan } from '../engine/types.ts';
import { ManifestError } from '../manifest/diagnostics.ts';
import { operationsOutsideGit } from '../notify/manifest-changes.ts';
import { unbuiltNotifierWarnings } from '../notify/unbuilt-notifiers.ts';
import { gitHead } from '../source/git-head.ts';
import type { ManifestSet } from '../manifest/load.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import { emitPlan, type PlanFormat } from './plan-output.ts';
import { loadOrFail, type Runtime } from './runtime.ts';
import { untrustedChange, type TrustOptions } from './trust-options.ts';
import type { StateBackend } from '../state/backend.ts';
import { withState } from './with-state.ts';

export interface PlanCommandOptions extends TrustOptions {
  dir: string;
  stateDir: string;
  /** `--state`: a PostgreSQL URL; else PANELOPS_STATE, else the files under stateDir. */
  state?: string | undefined;
  target?: string[];
  allowDeletes?: number;
  /** --allow-credential-changes: subscribers whose live keys differ may be re-keyed. */
  allowCredentialChanges?: boolean;
}

/**
 * Loads, observes and plans; prints progress to stderr. Manifest errors become exit 1 with every
 * diagnostic. A large set's panels are read while it is validated (logins and reads only).
 */
export async function planFromManifests(rt: Runtime, options: PlanCommandOptions, state: StateBackend, loaded?: ManifestSet): Promise<PlanRun> {
  const untrusted = untrustedChange(options);
  const early = loaded || untrusted ? undefined : new EarlyReads({ registry: rt.registry, logger: rt.logger });
  try {
    const manifests = loaded ?? (await loadOrFail(rt, options.dir, untrusted, false, early && ((panels) => early.start(panels))));
    return await planLoaded(rt, options, state, manifests, early);
  } finally {
    await early?.close();
  }
}

async function planLoaded(rt: Runtime, options: PlanCommandOptions, state: StateBackend, manifests: ManifestSet, early: EarlyReads | undefined): Promise<PlanRun> {
  if (manifests.panels.length) rt.stderr.write(`Observing ${manifests.panels.map((p) => p.name).join(', ')}...\n`);
  try {
    const run = await makePlan(
      manifests,
      { registry: rt.registry, logger: rt.logger },
      { state, target: parseTargets(options.target ?? []), allowDeletes: options.allowDeletes ?? 0, allowCredentialChanges: options.allowCredentialChanges ?? false, early },
    );
    if (manifests.empty && run.plan.panels.length === 0) throw new CliError(`no manifests found in ${manifests.dir}`);
    run.plan.warnings.push(...targetWarnings(run, options.target ?? []), ...unbuiltNotifierWarnings(manifests));
    return run;
  } catch (err) {
    if (err instanceof ManifestError) {
      for (const line of err.message.split('\n').slice(1)) rt.stderr.write(`${line}\n`);
      throw new CliError(`the manifests do not match the live panels: nothing was changed`);
    }
    throw err;
  }
}

/** 3 when a guard blocked the plan, 1 when a panel could not be observed, 2 with changes, else 0. */
export function planExitCode(plan: Plan): ExitCode {
  if (isBlocked(plan)) return EXIT.blocked;
  if (plan.panels.some((p) => p.error)) return EXIT.error;
  return countChanges(plan) > 0 ? EXIT.changes : EXIT.ok;
}

export async function planCommand(rt: Runtime, options: PlanCommandOptions & { format: PlanFormat; out?: string }): Promise<ExitCode> {
  const run = await withState(rt, options, (state) => planFromManifests(rt, options, state));
  await closeSessions(run);
  // A pull-request comment names the commit it planned and shows drift apart from the change.
  const markdown = options.format === 'markdown' ? { revision: await gitHead(options.dir), outsideGit: operationsOutsideGit(run) } : {};
  await emitPlan(rt, run.plan, options.format, options.out, markdown);
  return planExitCode(run.plan);
}

export async function closeSessions(run: PlanRun): Promise<void> {
  await Promise.all([...run.contexts.values()].map((c) => c.connection.session.close?.()));
}
