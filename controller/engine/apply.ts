import type { Logger } from '../shared/logger.ts';
import type { HeldLock } from '../state/backend.ts';
import { applyPanel, type ApplyControls } from './apply-panel.ts';
import type { PlanRun } from './make-plan.ts';
import type { ChangeSet, ChangeSetEntry } from './types.ts';

export interface ApplyOptions {
  maxOps?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  onEntry?: (entry: ChangeSetEntry) => void;
  logger?: Logger;
  /** The panel locks this run holds: a lost one stops that panel's writes. */
  locks?: ReadonlyMap<string, HeldLock>;
  /** Told each panel's finished operations once, after its inventory is saved (history: one write per panel). */
  onPanelApplied?: (panel: string, entries: readonly ChangeSetEntry[]) => Promise<void>;
}

/**
 * Applies a plan: panels in parallel, each through its own bounded queue. Panels that are
 * blocked by a guard, in observe mode, or failed to plan are left untouched. Inventories are
 * saved even when an operation throws, so whatever succeeded is remembered.
 */
export async function applyPlan(run: PlanRun, options: ApplyOptions = {}): Promise<ChangeSet> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const controls: ApplyControls = {
    now,
    sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    budget: { remaining: options.maxOps ?? Number.POSITIVE_INFINITY },
    signal: options.signal,
    logger: options.logger,
    ...(options.onEntry ? { onEntry: options.onEntry } : {}),
  };
  // Subscribers whose keys another panel creates in this run: that panel applies first (fleet).
  const perPanel: ChangeSetEntry[][] = [];
  for (const stage of run.fleet?.stages(run.plan.panels) ?? [run.plan.panels]) {
    const held = (await run.fleet?.settle(stage)) ?? [];
    perPanel.push(held.map(({ operation, reason }): ChangeSetEntry => ({ operation, result: 'skipped', reason, attempts: 0 })));
    perPanel.push(...await Promise.all(
    stage.map(async (panelPlan) => {
      const ctx = run.contexts.get(panelPlan.panel);
      if (!ctx || panelPlan.error || panelPlan.guards.length > 0) return [];
      if (panelPlan.mode === 'observe') {
        return panelPlan.operations.map((operation): ChangeSetEntry => ({ operation, result: 'skipped', reason: 'panel is in observe mode', attempts: 0 }));
      }
      const lock = options.locks?.get(panelPlan.panel);
      let entries: ChangeSetEntry[] = [];
      try {
        entries = await applyPanel(panelPlan, ctx, { ...controls, ...(lock ? { lock } : {}) });
        return entries;
      } finally {
        // With the lock lost, another writer may be at work: its state is not overwritten,
        // and the journal stays for the next run to settle what this one sent.
        if (!lock?.lost.aborted) {
          await run.state.saveInventory(ctx.inventory);
          if (ctx.journalSettled) {
            await ctx.journal.clear();
            if (ctx.retainedClaims?.length) await ctx.journal.intend(ctx.retainedClaims, now().toISOString());
          }
          // A record that cannot be written is logged; it never turns applied writes into a failed run.
          await options.onPanelApplied?.(panelPlan.panel, entries).catch((err: unknown) => options.logger?.error({ panel: panelPlan.panel, err: String(err) }, 'history not recorded'));
        }
      }
    }),
    ));
  }
  return { startedAt, finishedAt: now().toISOString(), entries: perPanel.flat() };
}

export function summarize(changes: ChangeSet): Record<ChangeSetEntry['result'], number> {
  const out = { succeeded: 0, failed: 0, skipped: 0 };
  for (const e of changes.entries) out[e.result] += 1;
  return out;
}
