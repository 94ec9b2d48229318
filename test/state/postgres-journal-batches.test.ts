import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresState } from '../../controller/state/postgres/index.ts';
import { JournalRows } from '../../controller/state/postgres/journal-rows.ts';
import { createTestDatabase, type TestDatabase } from './postgres-database.ts';

let db: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  db = await createTestDatabase('journal_batches');
  await (await openPostgresState(db.url, {})).close(); // the schema
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined); // idle clients end when the database is dropped
}, 120_000);
afterAll(async () => {
  await pool.end();
  await db.drop();
});

/** The journal of one panel over a query function that counts its statements. */
function countedJournal(panel: string): { journal: JournalRows; statements: () => number } {
  let statements = 0;
  const query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => {
    statements += 1;
    return pool.query<R>(text, values);
  };
  return { journal: new JournalRows(query, panel), statements: () => statements };
}

describe('PostgreSQL journal: concurrent operations share statements', () => {
  it('40 single intents sent together cost one statement, numbered in call order and committed before any resolves', async () => {
    const { journal, statements } = countedJournal('batch-a');
    const ops = Array.from({ length: 40 }, (_, i) => ({ kind: 'User', key: `u${String(i).padStart(2, '0')}`, action: 'update' }));
    // Each resolution checks that its row is already readable from another connection: durable before the write it announces.
    const seen: boolean[] = [];
    const numbers = await Promise.all(
      ops.map(async (op) => {
        const [n] = await journal.intend([op], '2026-01-01T00:00:00Z');
        const { rows } = await pool.query<{ key: string }>('SELECT key FROM panelops_journal WHERE n = $1', [n]);
        seen.push(rows[0]?.key === op.key);
        return n;
      }),
    );
    expect(statements()).toBe(1);
    expect(seen.every(Boolean)).toBe(true);
    expect(numbers).toEqual([...numbers].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(new Set(numbers).size).toBe(40);
    const unfinished = await journal.unfinished();
    expect(unfinished.map((o) => o.key)).toEqual(ops.map((o) => o.key));
  });

  it('outcomes marked together go in one statement, each row with its own outcome', async () => {
    const { journal, statements } = countedJournal('batch-b');
    const numbers = await journal.intend(Array.from({ length: 10 }, (_, i) => ({ kind: 'User', key: `v${i}`, action: i % 2 ? 'update' : 'create', spec: { i } })), '2026-01-01T00:00:00Z');
    const before = statements();
    await Promise.all(numbers.map((n, i) => journal.done([n], i % 3 !== 0)));
    expect(statements() - before).toBe(1);
    const { rows } = await pool.query<{ key: string; ok: boolean; spec: { i: number } | null }>("SELECT key, ok, spec FROM panelops_journal WHERE panel = 'batch-b' ORDER BY n");
    expect(rows.map((r) => [r.key, r.ok, r.spec?.i])).toEqual(Array.from({ length: 10 }, (_, i) => [`v${i}`, i % 3 !== 0, i]));
    // An operation marked failed no longer claims; the others still do (touched keeps the ok ones).
    expect((await journal.touched()).map((o) => o.key)).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`).filter((_, i) => i % 3 !== 0));
  });

  it('a failed statement rejects every call it carried, and the next calls go through', async () => {
    let fail = true;
    const query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => (fail ? Promise.reject(new Error('connection lost')) : pool.query<R>(text, values));
    const journal = new JournalRows(query, 'batch-c');
    const results = await Promise.allSettled([journal.intend([{ kind: 'User', key: 'a', action: 'create' }], 'now'), journal.intend([{ kind: 'User', key: 'b', action: 'create' }], 'now')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await journal.intend([{ kind: 'User', key: 'c', action: 'create' }], 'now')).toHaveLength(1);
    expect((await journal.unfinished()).map((o) => o.key)).toEqual(['c']);
  });
});
