import type { ChangeSet, Plan } from '../engine/types.ts';
import { countActions } from '../render/counts.ts';

/** What /status shows: the last reconcile, per panel, without secrets. */
export interface ControllerStatus {
  source: string;
  /** This controller replica's id. */
  replica?: string;
  /** Which replica reconciles each panel (undefined: none holds it right now). */
  leases?: Record<string, string | undefined>;
  revision?: string;
  /** The revision last applied without manifest errors. */
  lastGoodRevision?: string;
  lastReconcile?: { at: string; reason: string; seconds: number; result: 'succeeded' | 'failed' | 'blocked' | 'invalid' };
  /** Manifest errors of the last revision, as file:line:col lines. */
  errors: string[];
  panels: Record<string, { mode: string; changes: Record<string, number>; guards: string[]; error?: string; applied?: { succeeded: number; failed: number; skipped: number } }>;
  consecutiveFailures: number;
  /** Notifiers of the last loaded revision that could not be built, with why (no secret value). */
  notifiers?: Record<string, { ready: boolean; error?: string }>;
}

export function panelsFromPlan(plan: Plan, changes?: ChangeSet): ControllerStatus['panels'] {
  const out: ControllerStatus['panels'] = {};
  for (const p of plan.panels) {
    const entries = changes?.entries.filter((e) => e.operation.panel === p.panel) ?? [];
    out[p.panel] = {
      mode: p.mode,
      changes: countActions([p]),
      guards: p.guards.map((g) => g.message),
      ...(p.error ? { error: p.error } : {}),
      ...(changes
        ? { applied: { succeeded: entries.filter((e) => e.result === 'succeeded').length, failed: entries.filter((e) => e.result === 'failed').length, skipped: entries.filter((e) => e.result === 'skipped').length } }
        : {}),
    };
  }
  return out;
}
