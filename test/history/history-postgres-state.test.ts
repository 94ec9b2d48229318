import { afterAll, beforeAll, describe } from 'vitest';
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
});
