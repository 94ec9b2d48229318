import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../controller/history/history-entry.ts';
import { openPostgresState } from '../../controller/state/postgres/index.ts';
import { adminClient, createTestDatabase, type TestDatabase } from '../state/postgres-database.ts';
import { CANARY, historyCases } from './history-cases.ts';
import { historyWorld, type HistoryWorld } from './history-world.ts';

describe('history on PostgreSQL', () => {
  let w: HistoryWorld;
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('history');
    w = await historyWorld({ RESELLER_PASS: CANARY }, db.url);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
    await db?.drop();
  });

  // Every row of the history table, as the database stores it.
  const stored = async () => {
    const client = await adminClient(db.name);
    try {
      return JSON.stringify((await client.query('SELECT * FROM panelops_history')).rows);
    } finally {
      await client.end();
    }
  };
  historyCases(() => w, stored);

  it('prunes past the retention in the same statement that records, and never touches the inventory', async () => {
    const state = await openPostgresState(db.url, {});
    try {
      const entry = (at: string, key: string): HistoryEntry => ({ at, panel: 'old-panel', kind: 'User', key, action: 'update', cause: 'change', changes: [], result: 'succeeded', actor: 't@h', runId: at });
      const owned = (await state.snapshot('mz')).inventory.count();
      await state.recordHistory('old-panel', [entry('2020-01-01T00:00:00.000Z', 'gone')]);
      await state.recordHistory('old-panel', [entry('2027-06-30T00:00:00.000Z', 'kept')], '2027-01-01T00:00:00.000Z');
      expect((await state.readHistory({ panel: 'old-panel' })).map((e) => e.key)).toEqual(['kept']);
      expect((await state.snapshot('mz')).inventory.count()).toBe(owned);
      expect(owned).toBeGreaterThan(0);
    } finally {
      await state.close();
    }
  });
});
