import type { ChangeSet, PanelPlan, Plan } from '../engine/types.ts';
import type { HistoryEntry } from '../history/history-entry.ts';
import type { RolloutReport } from '../rollout/rollout-report.ts';
import { countByKind } from '../notify/object-counts.ts';
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
  panels: Record<
    string,
    {
      mode: string;
      changes: Record<string, number>;
      /** The same changes per kind and action: drift on an observe panel, pending or just applied on a manage one. */
      kinds?: Record<string, Record<string, number>>;
      guards: string[];
      error?: string;
      applied?: { succeeded: number; failed: number; skipped: number };
      /** Objects waiting for an operator (e.g. claimed only by a crashed run's journal). */
      attention?: Array<{ kind: string; key: string; message: string }>;
      subscribers?: PanelPlan['subscribers'];
      /** When this replica last reconciled the panel without failure (absent: not since it started). */
      lastSuccessAt?: string;
    }
  >;
  /** The last applies that wrote something, newest first (at most APPLIES_KEPT). */
  applies?: AppliedRun[];
  /** The latest applied operations from the state's history, newest first (at most HISTORY_SHOWN). */
  history?: HistoryEntry[];
  /** The last apply's waves, when a Rollout orders the panels: which were applied, where it stopped and why. */
  rollout?: RolloutReport | undefined;
  consecutiveFailures: number;
  /** Notifiers of the last loaded revision that could not be built, with why (no secret value). */
  notifiers?: Record<string, { ready: boolean; error?: string }>;
}

export interface AppliedRun {
  at: string;
  revision: string;
  panel: string;
  succeeded: number;
  failed: number;
  skipped: number;
}

/** History entries /status and the status page show. */
export const HISTORY_SHOWN = 20;

/** Applies kept for the status page: enough to see a pattern, small enough for a glance. */
export const APPLIES_KEPT = 10;

/** The applies of one reconcile, prepended to those kept. */
export function recordApplies(kept: readonly AppliedRun[] | undefined, changes: ChangeSet, revision: string, at: string): AppliedRun[] {
  const panels = [...new Set(changes.entries.map((e) => e.operation.panel))].sort();
  const runs = panels.map((panel) => {
    const entries = changes.entries.filter((e) => e.operation.panel === panel);
    const n = (result: string) => entries.filter((e) => e.result === result).length;
    return { at, revision, panel, succeeded: n('succeeded'), failed: n('failed'), skipped: n('skipped') };
  });
  // An observe panel's operations are all skipped: nothing was written there, no apply to list.
  return [...runs.filter((r) => r.succeeded + r.failed > 0), ...(kept ?? [])].slice(0, APPLIES_KEPT);
}

export function panelsFromPlan(plan: Plan, changes?: ChangeSet): ControllerStatus['panels'] {
  const out: ControllerStatus['panels'] = {};
  for (const p of plan.panels) {
    const entries = changes?.entries.filter((e) => e.operation.panel === p.panel) ?? [];
    out[p.panel] = {
      mode: p.mode,
      changes: countActions([p]),
      kinds: countByKind(p.operations),
      guards: p.guards.map((g) => g.message),
      ...(p.error ? { error: p.error } : {}),
      ...(p.notes.some((n) => n.attention) ? { attention: p.notes.filter((n) => n.attention).map(({ kind, key, message }) => ({ kind, key, message })) } : {}),
      ...(p.subscribers ? { subscribers: p.subscribers } : {}),
      ...(changes
        ? { applied: { succeeded: entries.filter((e) => e.result === 'succeeded').length, failed: entries.filter((e) => e.result === 'failed').length, skipped: entries.filter((e) => e.result === 'skipped').length } }
        : {}),
    };
  }
  return out;
}
