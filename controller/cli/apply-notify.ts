import type { ChangeSet, Plan } from '../engine/types.ts';
import type { ManifestSet } from '../manifest/load.ts';
import type { RolloutReport } from '../rollout/rollout-report.ts';
import { notifyOnce, notifyRedactor } from '../notify/one-shot.ts';
import { DirSource } from '../source/dir-source.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { Runtime } from './runtime.ts';

/** What one apply saw, filled in as it goes: a run that stopped early has less. */
export interface AppliedRun {
  plan?: Plan;
  changes?: ChangeSet;
  /** Taken before the apply recorded the new hashes (see panelsChangedByManifests). */
  changedByManifests?: ReadonlySet<string>;
  /** The waves, when a Rollout ordered the panels: a stop is told with the failure. */
  rollout?: RolloutReport | undefined;
}

/**
 * `apply --notify`: this run's events through the Notifier documents of its manifests, after
 * the locks are released. Waits at most `timeoutMs` so a dead receiver cannot hold a CI job;
 * whatever was not delivered gets one stderr line naming its Notifier. Never throws and never
 * touches the exit code: delivery is a side channel of apply, not part of its result.
 */
export async function notifyAfterApply(rt: Runtime, manifests: ManifestSet, run: AppliedRun, code: ExitCode | undefined, timeoutMs: number): Promise<void> {
  if (manifests.notifiers.length === 0) {
    const unbuilt = manifests.unbuiltNotifiers?.length ?? 0;
    rt.stderr.write(`Warning: --notify, but there is no ${unbuilt ? 'Notifier that could be built (see the warnings above)' : 'Notifier document'} in ${manifests.dir}: no notification sent.\n`);
    return;
  }
  if (!run.plan) return;
  try {
    // The revision `panelops run --source DIR` would report for the same files.
    const { revision } = await new DirSource(manifests.dir).sync();
    const result = code === EXIT.blocked ? 'blocked' : code === EXIT.ok ? 'succeeded' : 'failed';
    const { undelivered } = await notifyOnce(
      { revision, result, errors: [], manifests, plan: run.plan, changes: run.changes, rollout: run.rollout },
      { logger: rt.logger, timeoutMs, changedByManifests: run.changedByManifests ?? new Set() },
    );
    for (const u of undelivered) rt.stderr.write(`Notification not delivered: Notifier ${u.notifier}, ${u.event}${u.panel ? ` on panel ${u.panel}` : ''}: ${u.reason}\n`);
  } catch (err) {
    rt.stderr.write(`Notifications not sent: ${notifyRedactor(manifests)(err instanceof Error ? err.message : String(err))}\n`);
  }
}
