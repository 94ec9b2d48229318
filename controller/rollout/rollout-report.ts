/** How a rollout went: what /status, notifications and the CLI say. */
export interface RolloutReport {
  rollout: string;
  waves: Array<{ name: string; panels: string[]; state: WaveState }>;
  /** The wave the rollout stopped at because it failed, and why. */
  stoppedAt?: { wave: string; reason: string };
  /** The wave after which the rollout waits for the next `apply` (CLI without --continue-waves). */
  waitingAfter?: string;
}

/**
 * `unchanged`: nothing to do there; `applied`: applied, then planned empty and healthy;
 * `failed`: where it stopped; `not started`: a later wave held back.
 */
export type WaveState = 'unchanged' | 'applied' | 'failed' | 'not started';

/** One line for output and messages: where it stopped, and what was not sent. */
export function rolloutSummary(r: RolloutReport): string | undefined {
  const left = r.waves.filter((w) => w.state === 'not started').map((w) => `wave ${w.name} (${w.panels.join(', ')})`);
  if (r.stoppedAt) return `Rollout ${r.rollout} stopped at wave ${r.stoppedAt.wave}: ${r.stoppedAt.reason}.${left.length ? ` Not sent: ${left.join(', ')}.` : ''}`;
  if (r.waitingAfter && left.length) return `Rollout ${r.rollout}: wave ${r.waitingAfter} applied and checked. Left: ${left.join(', ')}.`;
  return undefined;
}
