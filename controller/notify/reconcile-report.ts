import type { ChangeSet, Plan } from '../engine/types.ts';
import type { ManifestSet } from '../manifest/load.ts';
import type { RolloutReport } from '../rollout/rollout-report.ts';

/** What the controller hands over after each reconcile, whatever its outcome. */
export interface ReconcileReport {
  revision: string;
  result?: 'succeeded' | 'failed' | 'blocked' | 'invalid' | undefined;
  /** Manifest errors as file:line:col lines (an invalid revision), or the reconcile's own failure. */
  errors: readonly string[];
  /** The manifests this reconcile loaded, valid or not (absent when the source could not be read). */
  manifests?: ManifestSet | undefined;
  plan?: Plan | undefined;
  changes?: ChangeSet | undefined;
  /** The apply's waves, when a Rollout orders the panels. */
  rollout?: RolloutReport | undefined;
}

/** The controller's side of the hook: it must return at once and never throw. */
export interface ReconcileListener {
  afterReconcile(report: ReconcileReport): void;
}
