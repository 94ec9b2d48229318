import type { Action } from '../contract/plan.ts';
import type { OperationResult } from '../engine/types.ts';

/** One field of an operation as history keeps it: a secret only as the fact that it changed. */
export type HistoryChange = { path: string; before?: unknown; after?: unknown } | { path: string; secret: true };

/** Who and what asked for a run's writes: the same for every entry the run records. */
export interface RunProvenance {
  /** The git revision the manifests came from, when known. */
  revision?: string;
  /** That revision's commit author (`Name <email>` or a CI login). */
  author?: string;
  /** Who ran it: `user@host` for the CLI, `controller <replica>` for the controller. */
  actor: string;
  /** One id per apply or reconcile, shared by its entries. */
  runId: string;
}

/**
 * One applied operation, as `panelops history` and `/status` show it. `cause: heal` marks an
 * operation that only put back what changed on the panel outside git; its `before` values are
 * the ones it overwrote.
 */
export interface HistoryEntry extends RunProvenance {
  at: string;
  panel: string;
  kind: string;
  key: string;
  action: Action;
  cause: 'change' | 'heal';
  changes: HistoryChange[];
  /** attach / detach: the members. */
  members?: string[];
  result: OperationResult;
  reason?: string;
}

/** What `history` asks the state for; every filter is optional. */
export interface HistoryQuery {
  panel?: string | undefined;
  kind?: string | undefined;
  key?: string | undefined;
  /** ISO time: entries at or after it. */
  since?: string | undefined;
  limit?: number | undefined;
}

export const matchesQuery = (e: HistoryEntry, q: HistoryQuery): boolean =>
  (q.panel === undefined || e.panel === q.panel) &&
  (q.kind === undefined || e.kind === q.kind) &&
  (q.key === undefined || e.key === q.key) &&
  (q.since === undefined || e.at >= q.since);

/** Newest first; entries of the same moment keep the order they were written in, reversed. */
export const newestFirst = (entries: HistoryEntry[]): HistoryEntry[] =>
  entries
    .map((e, i) => [e, i] as const)
    .sort(([a, i], [b, j]) => (a.at === b.at ? j - i : a.at < b.at ? 1 : -1))
    .map(([e]) => e);
