import { operationsOutsideGit } from '../notify/manifest-changes.ts';
import type { PlanRun } from '../engine/make-plan.ts';
import type { ChangeSetEntry, PlannedOperation } from '../engine/types.ts';
import { makeRedactor, makeVerbatimRedactor } from '../shared/redact.ts';
import type { HistoryChange, HistoryEntry, RunProvenance } from './history-entry.ts';
import { pruneBefore } from './retention.ts';

/** The two hooks of apply history needs: the time each operation finished, and one write per panel when its apply is over. */
export interface PanelHistoryWriter {
  onEntry(entry: ChangeSetEntry): void;
  onPanelApplied(panel: string, entries: readonly ChangeSetEntry[]): Promise<void>;
}

/**
 * Builds the writer for one run. Which operations only heal drift is decided now, before the
 * apply records the new desired hashes in the inventory (the same rule as the notifications).
 */
export function historyWriter(run: PlanRun, provenance: RunProvenance, options: { env: NodeJS.ProcessEnv; now?: () => Date }): PanelHistoryWriter {
  const heals = operationsOutsideGit(run);
  const now = options.now ?? (() => new Date());
  const finishedAt = new Map<string, string>();
  const onEntry = (entry: ChangeSetEntry) => void finishedAt.set(entry.operation.id, now().toISOString());
  const onPanelApplied = async (panel: string, entries: readonly ChangeSetEntry[]) => {
    const ctx = run.contexts.get(panel);
    // No secret the run knows for this panel may reach the history, even one a field or a panel's
    // answer echoed: an object's own secrets in every spelling a panel may echo them, and every
    // other object's as written (all spellings of 100,000 subscribers' keys cost seconds per entry).
    const objects = [...(ctx?.desired ?? []), ...[...(ctx?.observed.values() ?? [])].flat()];
    const own = new Map<string, string[]>();
    for (const o of objects) {
      const values = Object.values(o.secrets ?? {});
      if (values.length) own.set(`${o.kind}/${o.key}`, [...(own.get(`${o.kind}/${o.key}`) ?? []), ...values]);
    }
    const anyObject = makeVerbatimRedactor([...own.values()].flat());
    const at = now().toISOString();
    const recorded = entries
      .filter((e) => e.result !== 'skipped')
      .map((e) => toHistoryEntry(e, { ...provenance, at: finishedAt.get(e.operation.id) ?? at, cause: heals.has(e.operation.id) ? 'heal' : 'change' }))
      .map((e) => {
        if (own.size === 0) return e;
        const itsOwn = makeRedactor(own.get(`${e.kind}/${e.key}`) ?? []);
        return redactEntry(e, (text) => anyObject(itsOwn(text)));
      });
    if (recorded.length === 0) return;
    await run.state.recordHistory(panel, recorded, pruneBefore(options.env, now()));
  };
  return { onEntry, onPanelApplied };
}

function toHistoryEntry(e: ChangeSetEntry, base: RunProvenance & Pick<HistoryEntry, 'at' | 'cause'>): HistoryEntry {
  const op = e.operation;
  return {
    at: base.at,
    panel: op.panel,
    kind: op.kind,
    key: op.key,
    action: op.action,
    cause: base.cause,
    changes: historyChanges(op),
    ...(op.members?.length ? { members: op.members } : {}),
    result: e.result,
    ...(e.reason ? { reason: e.reason } : {}),
    ...(base.revision ? { revision: base.revision } : {}),
    ...(base.author ? { author: base.author } : {}),
    actor: base.actor,
    runId: base.runId,
  };
}

/** Values in the units manifests use where the plan has them; a secret keeps only its path. */
function historyChanges(op: PlannedOperation): HistoryChange[] {
  return op.changes.map((c): HistoryChange => {
    if (c.secret) return { path: c.path, secret: true };
    const before = c.display && 'before' in c.display ? c.display.before : c.before;
    const after = c.display && 'after' in c.display ? c.display.after : c.after;
    return { path: c.path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
  });
}

/** Every string an entry carries from the plan or the panel, redacted where it sits (the entry's shape never changes). */
function redactEntry(e: HistoryEntry, redact: (text: string) => string): HistoryEntry {
  const deep = (v: unknown): unknown =>
    typeof v === 'string' ? redact(v) : Array.isArray(v) ? v.map(deep) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)])) : v;
  return {
    ...e,
    changes: e.changes.map((c) => ('secret' in c ? c : { path: c.path, ...('before' in c ? { before: deep(c.before) } : {}), ...('after' in c ? { after: deep(c.after) } : {}) })),
    ...(e.members ? { members: e.members.map(redact) } : {}),
    ...(e.reason ? { reason: redact(e.reason) } : {}),
  };
}
