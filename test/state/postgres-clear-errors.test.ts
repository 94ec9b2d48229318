import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateError } from '../../controller/state/backend.ts';
import { openPostgresState } from '../../controller/state/postgres/index.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createTestDatabase, type TestDatabase } from './postgres-database.ts';

const STACK = /\n\s+at /;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('clear_errors');
}, 120_000);
afterAll(() => db.drop());

describe('PostgreSQL state: one clear line', () => {
  it('an inventory row that is a string or null names the row', async () => {
    const state = await openPostgresState(db.url, {});
    try {
      await state.snapshot('mz');
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query(`INSERT INTO panelops_objects (panel, kind, key, entry) VALUES ('mz', 'User', 'alice', '"owned"'), ('mz', 'User', 'bob', 'null')`);
      await client.end();
      const err = await state.snapshot('mz').then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(StateError);
      expect((err as Error).message).toContain('the panelops_objects row (panel mz, kind User, key alice) holds a string, not an inventory entry');
      const cli = await runCli(['state', 'list', '--state', db.url], {});
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain('row (panel mz, kind User, key alice)');
      expect(cli.stderr).not.toMatch(STACK);
    } finally {
      await state.close();
    }
  });

  it('state unlock of a lock still held is refused in one line', async () => {
    const holder = await openPostgresState(db.url, {});
    const held = await holder.acquireLock('ua', { command: 'apply' }, { timeoutMs: 5000 });
    try {
      const res = await runCli(['state', 'unlock', 'ua', '--state', db.url], {});
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/^Error: lock .*ua.* is held by pid \d+ .*still connected/m);
      expect(res.stderr).not.toMatch(STACK);
    } finally {
      await held.release();
      await holder.close();
    }
  });
});
