import PQueue from 'p-queue';
import { keyIdentity } from '../contract/key-identity.ts';
import { objectRef } from './object-ref.ts';
import type { Logger } from '../shared/logger.ts';
import type { HeldLock, JournalOp } from '../state/backend.ts';
import { redactSecrets } from '../shared/redact.ts';
import type { BatchOutcome, DesiredObject, SessionOp } from '../providers/types.ts';
import { sentSecretHashes, hashDesired, appliedValues } from './diff.ts';
import { readBack } from './read-back.ts';
import { executeOperation, toSessionOp, type OperationOutcome } from './execute-operation.ts';
import type { PanelContext } from './make-plan.ts';
import type { ChangeSetEntry, PanelPlan, PlannedOperation } from './types.ts';

export interface ApplyControls {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Operations left in this run (--max-ops), shared by all panels. */
  budget: { remaining: number };
  /** When aborted, no new operation starts; running ones finish (SIGTERM). */
  signal?: AbortSignal | undefined;
  onEntry?: (entry: ChangeSetEntry) => void;
  /** One JSON line per finished operation (panel, kind, key, action, result). */
  logger?: Logger | undefined;
  /** The panel's lock: once lost, no further operation is sent. */
  lock?: HeldLock;
}

/**
 * Applies one panel's operations phase by phase (a phase = one kind and direction), with
 * bounded concurrency. Every operation is journaled before it is sent; the inventory is
 * updated after each success and saved at the end, whatever happened in between.
 */
export async function applyPanel(plan: PanelPlan, ctx: PanelContext, controls: ApplyControls): Promise<ChangeSetEntry[]> {
  const { session, panel } = ctx.connection;
  const entries: ChangeSetEntry[] = [];
  const results = new Map<string, ChangeSetEntry['result']>();
  const ref = objectRef(ctx.connection.provider.kinds);
  const desired = new Map(ctx.desired.map((d) => [ref(d.kind, d.key), d]));
  const kinds = new Map(ctx.connection.provider.kinds.map((k) => [k.kind, k]));
  const appliedOf = (kind: string, d: DesiredObject) => appliedValues(kinds.get(kind), d);
  const observed = new Map([...ctx.observed.values()].flat().map((o) => [ref(o.kind, o.key), o]));
  const queue = new PQueue({ concurrency: panel.limits.concurrency });
  let unknownOutcomes = 0;
  const conflicts = new Set<string>();

  const finish = (op: PlannedOperation, outcome: Pick<OperationOutcome, 'ok' | 'reason' | 'attempts'>, skipped = false) => {
    const entry: ChangeSetEntry = { operation: op, result: skipped ? 'skipped' : outcome.ok ? 'succeeded' : 'failed', attempts: outcome.attempts };
    if (outcome.reason) entry.reason = redactSecrets(outcome.reason, desired.get(ref(op.kind, op.key))?.secrets);
    results.set(op.id, entry.result);
    entries.push(entry);
    const line = { panel: op.panel, kind: op.kind, key: op.key, action: op.action, result: entry.result, attempts: entry.attempts };
    if (entry.result === 'failed') controls.logger?.warn({ ...line, reason: entry.reason }, 'operation failed');
    else controls.logger?.info(line, `operation ${entry.result}`);
    controls.onEntry?.(entry);
  };
  const record = (op: PlannedOperation, id?: string | number) => {
    if (op.action === 'delete') return void ctx.inventory.forget(op.kind, op.key);
    const d = desired.get(ref(op.kind, op.key));
    if (!d) return;
    const live = observed.get(ref(op.kind, op.key));
    // Owned under the panel's spelling of the key, which the diff looks up (case-folding kinds).
    const key = live?.key ?? op.key;
    const known = id ?? live?.id ?? ctx.inventory.get(op.kind, key)?.id;
    const applied = appliedOf(op.kind, d);
    if (key !== op.key) ctx.inventory.forget(op.kind, op.key);
    ctx.inventory.record(
      op.kind,
      key,
      {
        ...(known !== undefined ? { id: known } : {}),
        specHash: hashDesired(d, ctx.inventory.salt),
        secretHashes: sentSecretHashes(op.action, op.changes, d, ctx.inventory.salt),
        protect: d.protect,
        ...(applied ? { applied } : {}),
        ...(op.action === 'adopt' || ctx.inventory.get(op.kind, key)?.adopted ? { adopted: true } : {}),
      },
      controls.now().toISOString(),
    );
  };
  // A create's intent carries what it sends (no secrets), so a later run can tell its object from one made by hand.
  const intentOf = (op: PlannedOperation): JournalOp => {
    const spec = op.action === 'create' || op.action === 'adopt' ? desired.get(ref(op.kind, op.key))?.spec : undefined;
    return { kind: op.kind, key: op.key, action: op.action, ...(spec ? { spec } : {}) };
  };
  const lockLost = (op: PlannedOperation) => {
    if (!controls.lock?.lost.aborted) return false;
    finish(op, { ok: false, attempts: 0, reason: `not sent: the state lock on panel ${panel.name} was lost (the connection to the state backend went away)` });
    return true;
  };
  const runOne = async (op: PlannedOperation, sop: SessionOp) => {
    if (lockLost(op)) return;
    const [n] = await ctx.journal.intend([intentOf(op)], controls.now().toISOString());
    const outcome = await executeOperation(session, op, sop, controls.sleep);
    if (outcome.ok) record(op, outcome.id);
    if (outcome.conflict) conflicts.add(op.id);
    // A failed create keeps its intent open: if it landed after all, the next plan claims it.
    if (outcome.outcomeUnknown || (!outcome.ok && op.action === 'create')) unknownOutcomes += 1;
    else await ctx.journal.done(n === undefined ? [] : [n], outcome.ok);
    finish(op, outcome);
  };
  /** An error outside the panel call (e.g. the journal could not be written): the operation failed, the run goes on. */
  const crashed = (op: PlannedOperation, err: unknown) => {
    if (results.has(op.id)) return;
    finish(op, { ok: false, attempts: 0, reason: err instanceof Error ? err.message : String(err) });
  };
  const runBatch = async (ops: PlannedOperation[], sops: SessionOp[], fn: (kind: string, ops: SessionOp[]) => Promise<BatchOutcome[]>) => {
    if (ops.filter(lockLost).length > 0) return;
    const numbers = await ctx.journal.intend(ops.map(intentOf), controls.now().toISOString());
    let outcomes: BatchOutcome[];
    try {
      outcomes = await fn(ops[0]?.kind ?? '', sops);
    } catch {
      // The batch as a whole failed (it may have landed): its intents stay open for the next
      // plan to claim, and each operation is settled on its own, with verification.
      unknownOutcomes += 1;
      await Promise.all(ops.map((op, i) => runOne(op, sops[i] as SessionOp)));
      return;
    }
    const byKey = new Map(outcomes.map((o) => [o.key, o]));
    const settled: number[] = [];
    const failedNumbers: number[] = [];
    ops.forEach((op, i) => {
      const o = byKey.get(op.key);
      const outcome = { ok: o?.ok ?? false, attempts: 1, ...(o?.ok ? {} : { reason: o?.error ?? 'no result for this object in the bulk answer' }) };
      if (outcome.ok) record(op);
      const n = numbers[i] ?? 0;
      // A bulk create the panel reports as skipped may still have landed on some inbounds
      // (not transactional): its intent stays open, so the next plan claims what exists.
      if (outcome.ok) settled.push(n);
      else if (op.action === 'create') unknownOutcomes += 1;
      else failedNumbers.push(n);
      finish(op, outcome);
    });
    await ctx.journal.done(settled, true);
    await ctx.journal.done(failedNumbers, false);
  };

  for (const phase of phases(plan.operations)) {
    const ready: PlannedOperation[] = [];
    for (const op of phase) {
      const failedDep = op.dependsOn.find((id) => results.get(id) !== 'succeeded');
      if (failedDep) finish(op, { ok: false, attempts: 0, reason: `skipped: ${failedDep.split('/').slice(1, 3).join('/')} did not succeed` }, true);
      else if (lockLost(op)) continue;
      else if (controls.signal?.aborted) finish(op, { ok: false, attempts: 0, reason: 'skipped: stopping' }, true);
      else if (controls.budget.remaining <= 0) finish(op, { ok: false, attempts: 0, reason: 'skipped: --max-ops reached' }, true);
      else {
        controls.budget.remaining -= 1;
        ready.push(op);
      }
    }
    const sops = ready.map((op) => toSessionOp(op, desired.get(ref(op.kind, op.key)), observed.get(ref(op.kind, op.key))));
    const batchFn = ready[0] && ready[0].action !== 'adopt' ? session.batch?.[ready[0].action] : undefined;
    if (batchFn && ready.length > 1) {
      for (let i = 0; i < ready.length; i += panel.limits.batchSize) {
        const chunk = ready.slice(i, i + panel.limits.batchSize);
        void queue.add(() => runBatch(chunk, sops.slice(i, i + panel.limits.batchSize), batchFn).catch((err: unknown) => chunk.forEach((op) => crashed(op, err))));
      }
    } else ready.forEach((op, i) => void queue.add(() => runOne(op, sops[i] as SessionOp).catch((err: unknown) => crashed(op, err))));
    await queue.onIdle();
  }
  await readBack({ ctx, entries, desired, ref, conflicts, record: (op) => record(op), logger: controls.logger });
  syncInventory(plan, ctx, controls.now().toISOString());
  await ctx.connection.session.close?.();
  // The journal is cleared by applyPlan, only after the inventory is safely saved.
  ctx.journalSettled = unknownOutcomes === 0;
  return entries;
}

/** Operations grouped by kind and direction, in plan order (the plan is already sorted). */
function phases(operations: readonly PlannedOperation[]): PlannedOperation[][] {
  const out: PlannedOperation[][] = [];
  let key = '';
  for (const op of operations) {
    const k = `${op.kind}:${op.action === 'delete' ? 'delete' : op.action}`;
    if (k !== key || out.length === 0) out.push([]);
    key = k;
    out[out.length - 1]?.push(op);
  }
  return out;
}

/**
 * State-only housekeeping: owned objects gone from both the panel and the manifests are
 * forgotten, and a changed `protect` flag is recorded even when nothing else changed.
 */
function syncInventory(plan: PanelPlan, ctx: PanelContext, now: string): void {
  // A targeted run saw only its targets: every entry outside them is kept byte for byte.
  const inTarget = (kind: string, key: string) => !ctx.target || ctx.target(plan.panel, kind, key);
  for (const [kind, list] of ctx.observed) {
    const descriptor = ctx.connection.provider.kinds.find((k) => k.kind === kind);
    const fold = (key: string) => keyIdentity(key, descriptor?.keyCaseInsensitive);
    const live = new Set(list.map((o) => fold(o.key)));
    const wanted = new Set(ctx.desired.filter((d) => d.kind === kind).map((d) => fold(d.key)));
    const released = descriptor?.implicit === true;
    for (const key of ctx.inventory.keys(kind)) if (inTarget(kind, key) && (released || !live.has(fold(key))) && !wanted.has(fold(key))) ctx.inventory.forget(kind, key);
  }
  const touched = new Set(plan.operations.map((op) => `${op.kind}/${op.key}`));
  for (const d of ctx.desired) {
    const entry = ctx.inventory.get(d.kind, d.key);
    if (entry && !touched.has(`${d.kind}/${d.key}`) && Boolean(entry.protect) !== d.protect) {
      ctx.inventory.record(d.kind, d.key, { ...entry, protect: d.protect }, now);
    }
  }
}
