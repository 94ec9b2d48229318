import { applyPlan, type ApplyOptions } from '../engine/apply.ts';
import type { ConnectDeps } from '../engine/connect.ts';
import type { PlanOptions, PlanRun } from '../engine/make-plan.ts';
import type { ChangeSet } from '../engine/types.ts';
import type { ManifestSet } from '../manifest/load.ts';
import { applyInWaves } from './apply-waves.ts';
import type { RolloutReport } from './rollout-report.ts';
import { verifyWave } from './verify-wave.ts';
import { assignWaves, type Wave } from './waves.ts';

export interface RolloutSettings {
  manifests: ManifestSet;
  deps: ConnectDeps;
  /** The options the run planned with: a wave is checked with the same ones. */
  planOptions: PlanOptions;
  /** Whether to go on after a wave checked out (the CLI asks its flag, the controller pauses then goes on). */
  next(done: Wave, pending: readonly Wave[], pauseSeconds: number): Promise<boolean>;
}

/** The apply of the CLI and the controller: as before without a Rollout, wave by wave with one. */
export async function applyWithRollout(run: PlanRun, options: ApplyOptions, settings: RolloutSettings): Promise<{ changes: ChangeSet; rollout?: RolloutReport }> {
  const rollout = settings.manifests.rollout;
  if (!rollout) return { changes: await applyPlan(run, options) };
  const labels = new Map(settings.manifests.panels.map((p) => [p.name, p.labels]));
  const waves = assignWaves(rollout, run.plan.panels.map((p) => ({ name: p.panel, labels: labels.get(p.panel) })));
  const { changes, report } = await applyInWaves(run, rollout.name, waves, options, {
    verify: (panels) => verifyWave(settings.manifests, settings.deps, settings.planOptions, panels),
    next: (done, pending) => settings.next(done, pending, rollout.pauseSeconds),
  });
  return { changes, rollout: report };
}
