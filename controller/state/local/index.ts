import type { HistoryEntry, HistoryQuery } from '../../history/history-entry.ts';
import { Inventory } from '../../inventory/inventory.ts';
import type { HeldLock, LockHolder, LockRequest, LockWaitOptions, PanelJournal, PanelSnapshot, StateBackend } from '../backend.ts';
import { fileStamp } from '../../shared/file-stamp.ts';
import { inventoryPath, panelsWithInventoryFiles, readInventoryFile, writeInventoryFile } from './inventory-file.ts';
import { appendHistoryFile, readHistoryFiles } from './history-file.ts';
import { JournalFile } from './journal-file.ts';
import { acquireLockFile, readLockFile, removeLockFile, tryLockFile } from './lock-file.ts';

/**
 * State in files under one directory (`--state-dir`, default `state/`): `<panel>.json`,
 * `<panel>.journal`, `<panel>.lock`, `<panel>.history.jsonl`. For one machine: CI runners and controller replicas
 * that share nothing but the panels need the PostgreSQL backend.
 */
export class LocalState implements StateBackend {
  /** One journal per panel: it numbers its entries after the ones it read. */
  private readonly journals = new Map<string, JournalFile>();
  /** Per panel, the inventory last read and its file's stamp then (readInventory). */
  private readonly lastRead = new Map<string, { stamp: string; inventory: Inventory }>();

  constructor(readonly dir: string) {}

  get description(): string {
    return `state directory ${this.dir}`;
  }

  panels(): Promise<string[]> {
    return panelsWithInventoryFiles(this.dir);
  }

  async snapshot(panel: string): Promise<PanelSnapshot> {
    let inventory = await this.readInventory(panel);
    if (!inventory) {
      inventory = new Inventory(panel);
      await this.writeInventory(inventory);
    }
    return { inventory, touched: await this.journal(panel).touched() };
  }

  saveInventory(inventory: Inventory): Promise<void> {
    return this.writeInventory(inventory);
  }

  replaceInventory(inventory: Inventory): Promise<void> {
    return this.writeInventory(inventory);
  }

  /**
   * A controller reads the same inventory every interval: while the file is the very one read
   * last time (same inode, size and modification time: every write replaces it whole) and that
   * inventory holds no change of this process's own that was not saved, it is not parsed again.
   */
  private async readInventory(panel: string): Promise<Inventory | undefined> {
    const stamp = await fileStamp(inventoryPath(this.dir, panel));
    const known = this.lastRead.get(panel);
    if (known && stamp !== undefined && known.stamp === stamp && known.inventory.unsaved === 0) return known.inventory;
    this.lastRead.delete(panel);
    const inventory = await readInventoryFile(this.dir, panel);
    // Stated before the read: a file replaced in between only means one more read next time.
    if (inventory && stamp !== undefined) this.lastRead.set(panel, { stamp, inventory });
    return inventory;
  }

  private async writeInventory(inventory: Inventory): Promise<void> {
    // Read again after any write: a stamp taken now could be another writer's file.
    this.lastRead.delete(inventory.panel);
    await writeInventoryFile(this.dir, inventory);
  }

  recordHistory(panel: string, entries: readonly HistoryEntry[], pruneBefore?: string): Promise<void> {
    return appendHistoryFile(this.dir, panel, entries, pruneBefore);
  }

  readHistory(query: HistoryQuery): Promise<HistoryEntry[]> {
    return readHistoryFiles(this.dir, query);
  }

  journal(panel: string): PanelJournal {
    let journal = this.journals.get(panel);
    if (!journal) this.journals.set(panel, (journal = new JournalFile(this.dir, panel)));
    return journal;
  }

  acquireLock(panel: string, holder: LockRequest, options: LockWaitOptions): Promise<HeldLock> {
    return acquireLockFile(this.dir, panel, holder, options);
  }

  tryLock(panel: string, holder: LockRequest): Promise<HeldLock | undefined> {
    return tryLockFile(this.dir, panel, holder);
  }

  lockHolder(panel: string): Promise<LockHolder | undefined> {
    return readLockFile(this.dir, panel);
  }

  unlock(panel: string): Promise<LockHolder | undefined> {
    return removeLockFile(this.dir, panel);
  }

  async close(): Promise<void> {}
}
