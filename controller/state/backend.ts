import type { HistoryEntry, HistoryQuery } from '../history/history-entry.ts';
import type { Inventory } from '../inventory/inventory.ts';

/**
 * The state backend contract: where the inventory (what panelops owns), the journal (what a
 * run is about to send) and the per-panel lock live. The engine and the commands talk only to
 * this; `local/` keeps them in files under `--state-dir` (one machine), `postgres/` in a
 * database that CI runners and controller replicas share.
 */
export interface StateBackend {
  /** Where the state is, safe to print (a database URL without its password). */
  readonly description: string;
  /** Panels that have an inventory in this state. */
  panels(): Promise<string[]>;
  /**
   * The inventory and the journal claims of one panel, read together as one consistent
   * snapshot. A panel with no state yet gets an empty inventory, saved at once: its salt must
   * stay the same between a `plan --out` and the `apply` of that plan.
   */
  snapshot(panel: string): Promise<PanelSnapshot>;
  /** Saves what changed in the inventory since it was read or last saved (all of it, for files). */
  saveInventory(inventory: Inventory): Promise<void>;
  journal(panel: string): PanelJournal;
  /** Waits up to `timeoutMs` for the panel's lock, then refuses naming its holder (LockError). */
  acquireLock(panel: string, holder: LockRequest, options: LockWaitOptions): Promise<HeldLock>;
  /** Takes the panel's lock only if it is free right now. */
  tryLock(panel: string, holder: LockRequest): Promise<HeldLock | undefined>;
  /** Who holds the panel's lock, if anyone. */
  lockHolder(panel: string): Promise<LockHolder | undefined>;
  /** Clears a lock left by a dead holder (files); refuses a lock that is still held (database). */
  unlock(panel: string): Promise<LockHolder | undefined>;
  /**
   * Names of the locks held right now whose name starts with `prefix`, with their holders.
   * Only a shared backend has it: controller replicas count each other through it.
   */
  heldLocks?(prefix: string): Promise<Array<{ name: string; holder: LockHolder }>>;
  /**
   * Appends one panel's finished operations to its history in one write, dropping entries
   * older than `pruneBefore` on the way. History is apart from the inventory: pruning it never
   * changes what panelops owns.
   */
  recordHistory(panel: string, entries: readonly HistoryEntry[], pruneBefore?: string): Promise<void>;
  /** History entries that match, newest first. */
  readHistory(query: HistoryQuery): Promise<HistoryEntry[]>;
  /** Replaces one panel's inventory whole (state migrate). */
  replaceInventory(inventory: Inventory): Promise<void>;
  close(): Promise<void>;
}

export interface PanelSnapshot {
  inventory: Inventory;
  /** Operations of earlier runs that may have changed the panel: unsettled, or settled but never recorded. */
  touched: JournalOp[];
}

export interface JournalOp {
  kind: string;
  key: string;
  action: string;
  /**
   * What a create (or the adopt that finishes one) was sending, secrets left out: a later run
   * tells the object this run made from one made by hand since by comparing it with this.
   */
  spec?: Record<string, unknown>;
  /** When the intent was written (read back from the journal; a retained claim keeps it). */
  at?: string;
}

/**
 * Each operation is written here before it is sent and marked after. A run that dies in
 * between leaves intents without a mark; the next run re-observes those objects and claims
 * what it created. The journal is cleared once the inventory is saved.
 */
export interface PanelJournal {
  /** Writes intents for operations about to be sent; returns their numbers for `done`. */
  intend(ops: readonly JournalOp[], now: string): Promise<number[]>;
  done(numbers: readonly number[], ok: boolean): Promise<void>;
  /** Operations a previous run started and never marked. */
  unfinished(): Promise<JournalOp[]>;
  /** Unmarked or marked-done operations: they may have changed the panel. */
  touched(): Promise<JournalOp[]>;
  /** Drops every entry about one object (`state forget` releases a journal claim too). */
  release(kind: string, key: string): Promise<number>;
  clear(): Promise<void>;
}

/** Who holds a panel's lock. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  command: string;
  revision?: string;
  /** The controller replica, when the holder is one. */
  replica?: string;
}

export type LockRequest = Pick<LockHolder, 'command'> & Partial<Pick<LockHolder, 'revision' | 'replica'>>;

export interface LockWaitOptions {
  timeoutMs: number;
  pollMs?: number;
  onWait?: (holder: LockHolder) => void;
}

export interface HeldLock {
  /** Aborted when the lock is lost (the database connection that holds it went away). */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

export class LockError extends Error {
  constructor(
    message: string,
    readonly holder?: LockHolder,
  ) {
    super(message);
    this.name = 'LockError';
  }
}

/** Damaged or unreadable state: names the file or table, never reads as a panel failure. */
export class StateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateError';
  }
}

export const describeHolder = (h: LockHolder): string =>
  `pid ${h.pid} on ${h.host}${h.replica ? ` (replica ${h.replica})` : ''} (${h.command}${h.revision ? `, revision ${h.revision}` : ''}) since ${h.since}`;
