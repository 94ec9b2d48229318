import { applyPlan, type ApplyOptions } from '../engine/apply.ts';
import type { PlanRun } from '../engine/make-plan.ts';
import type { ChangeSet, ChangeSetEntry } from '../engine/types.ts';
import type { RolloutReport } from './rollout-report.ts';
import type { Wave } from './waves.ts';

export interface WaveControls {
  /** What is wrong with a wave's panels after its apply (changes left, unreadable); empty when it checks out. */
  verify(panels: readonly string[]): Promise<string[]>;
  /** After a wave checks out and later ones have work: true to go on (after any pause), false to stop there. */
  next(done: Wave, pending: readonly Wave[]): Promise<boolean>;
}

/**
 * Applies a plan wave by wave. A wave with nothing to do is passed over; one whose panel cannot
 * be read, whose apply fails, or that does not plan empty afterwards stops the rollout there:
 * the later waves are never sent anything. The plan's other panels are untouched by a wave.
 */
export async function applyInWaves(run: PlanRun, rollout: string, waves: readonly Wave[], options: ApplyOptions, controls: WaveControls): Promise<{ changes: ChangeSet; report: RolloutReport }> {
  const startedAt = new Date().toISOString();
  const entries: ChangeSetEntry[] = [];
  const byPanel = new Map(run.plan.panels.map((p) => [p.panel, p]));
  const hasWork = (w: Wave) => w.panels.some((n) => (byPanel.get(n)?.operations.length ?? 0) > 0);
  const report: RolloutReport = { rollout, waves: waves.map((w) => ({ name: w.name, panels: [...w.panels], state: hasWork(w) ? 'not started' : 'unchanged' })) };
  for (const [i, wave] of waves.entries()) {
    const state = report.waves[i]!;
    const plans = wave.panels.flatMap((n) => byPanel.get(n) ?? []);
    const down = plans.filter((p) => p.error).map((p) => p.panel);
    const stop = (reason: string) => {
      state.state = 'failed';
      report.stoppedAt = { wave: wave.name, reason };
    };
    if (down.length) {
      stop(`panel ${down.join(', ')} cannot be read`);
      break;
    }
    if (!hasWork(wave)) continue;
    if (options.signal?.aborted) break;
    const changes = await applyPlan({ ...run, plan: { ...run.plan, panels: plans } }, options);
    entries.push(...changes.entries);
    const failed = changes.entries.filter((e) => e.result === 'failed');
    const problems = failed.length
      ? [`${failed.length} operation(s) failed on ${[...new Set(failed.map((e) => e.operation.panel))].join(', ')}`]
      : await controls.verify(wave.panels);
    if (problems.length) {
      stop(problems.join('; '));
      break;
    }
    state.state = 'applied';
    const pending = waves.slice(i + 1).filter(hasWork);
    if (pending.length && !(await controls.next(wave, pending))) {
      report.waitingAfter = wave.name;
      break;
    }
  }
  return { changes: { startedAt, finishedAt: new Date().toISOString(), entries }, report };
}
