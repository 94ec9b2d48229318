import pg from 'pg';
import type { HistoryEntry, HistoryQuery } from '../../history/history-entry.ts';
import { Inventory } from '../../inventory/inventory.ts';
import type { HeldLock, LockHolder, LockRequest, LockWaitOptions, PanelJournal, PanelSnapshot, StateBackend } from '../backend.ts';
import { LockError } from '../backend.ts';
import { acquireAdvisoryLock, clearStaleHolder, liveHolder, liveHolders, tryAdvisoryLock } from './advisory-lock.ts';
import { stateConnection, stateFailure, type StateConnection } from './connect.ts';
import { readHistoryRows, recordHistoryRows } from './history-rows.ts';
import { createPanel, readInventory, writeChanges, writeWhole } from './inventory-rows.ts';
import { JournalRows, touchedOps } from './journal-rows.ts';
import { migrate } from './schema.ts';
import { inTransaction } from './transaction.ts';

export { redactUrlPassword } from './connect.ts';

/**
 * State in a PostgreSQL database that CI runners and controller replicas share: inventory
 * rows per object, journal rows, and per-panel advisory locks held on connections of their
 * own. Every failure is a StateError without the password.
 */
export class PostgresState implements StateBackend {
  private readonly pool: pg.Pool;

  constructor(private readonly connection: StateConnection) {
    this.pool = new pg.Pool({ connectionString: connection.connectionString, max: 4, application_name: 'panelops' });
    // An idle client whose connection drops is discarded by the pool; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  get description(): string {
    return this.connection.description;
  }

  /** Runs one step, turning any database error into a StateError that names it, password removed. */
  private async guard<T>(doing: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof LockError) throw err;
      throw stateFailure(this.connection, doing, err);
    }
  }

  private readonly query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => this.pool.query<R>(text, values);

  migrate(): Promise<{ from: number; to: number }> {
    return this.guard('creating or migrating the state schema', async () => {
      const client = await this.pool.connect();
      try {
        return await migrate(client);
      } finally {
        client.release();
      }
    });
  }

  panels(): Promise<string[]> {
    return this.guard('listing panels', async () => (await this.query<{ panel: string }>('SELECT panel FROM panelops_panels ORDER BY panel')).rows.map((r) => r.panel));
  }

  /** Inventory and journal read in one REPEATABLE READ transaction: one moment of the state. */
  snapshot(panel: string): Promise<PanelSnapshot> {
    return this.guard(`reading the state of panel ${panel}`, async () => {
      for (;;) {
        const read = await inTransaction(this.pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
          const inventory = await readInventory(client, panel);
          return inventory && { inventory, touched: await touchedOps(client, panel) };
        });
        if (read) return read;
        // A new panel's row (its salt) is stored before anyone plans with it, then read back:
        // two runs that start on a new panel together end up with the same salt.
        await createPanel(this.pool, new Inventory(panel));
      }
    });
  }

  saveInventory(inventory: Inventory): Promise<void> {
    return this.guard(`saving the inventory of panel ${inventory.panel}`, async () => {
      await inTransaction(this.pool, 'BEGIN', (client) => writeChanges(client, inventory));
      inventory.markSaved();
    });
  }

  replaceInventory(inventory: Inventory): Promise<void> {
    return this.guard(`replacing the inventory of panel ${inventory.panel}`, async () => {
      await inTransaction(this.pool, 'BEGIN', (client) => writeWhole(client, inventory));
      inventory.markSaved();
    });
  }

  recordHistory(panel: string, entries: readonly HistoryEntry[], pruneBefore?: string): Promise<void> {
    return this.guard(`writing the history of panel ${panel}`, () => recordHistoryRows(this.query, panel, entries, pruneBefore));
  }

  readHistory(query: HistoryQuery): Promise<HistoryEntry[]> {
    return this.guard('reading the history', () => readHistoryRows(this.query, query));
  }

  journal(panel: string): PanelJournal {
    const guarded = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => this.guard(`writing the journal of panel ${panel}`, () => this.query<R>(text, values));
    return new JournalRows(guarded, panel);
  }

  acquireLock(panel: string, holder: LockRequest, options: LockWaitOptions): Promise<HeldLock> {
    return this.guard(`locking panel ${panel}`, () => acquireAdvisoryLock(this.connection.connectionString, this.query, panel, holder, options));
  }

  tryLock(panel: string, holder: LockRequest): Promise<HeldLock | undefined> {
    return this.guard(`locking panel ${panel}`, () => tryAdvisoryLock(this.connection.connectionString, panel, holder));
  }

  lockHolder(panel: string): Promise<LockHolder | undefined> {
    return this.guard(`reading the lock of panel ${panel}`, () => liveHolder(this.query, panel));
  }

  unlock(panel: string): Promise<LockHolder | undefined> {
    return this.guard(`unlocking panel ${panel}`, () => clearStaleHolder(this.query, panel));
  }

  heldLocks(prefix: string): Promise<Array<{ name: string; holder: LockHolder }>> {
    return this.guard('listing held locks', () => liveHolders(this.query, prefix));
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Opens the database named by a `postgres://` state URL and brings its schema up to date. */
export async function openPostgresState(url: string, env: NodeJS.ProcessEnv): Promise<PostgresState> {
  const state = new PostgresState(await stateConnection(url, env));
  try {
    await state.migrate();
  } catch (err) {
    await state.close().catch(() => undefined);
    throw err;
  }
  return state;
}
