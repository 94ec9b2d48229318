import { afterAll, beforeAll, describe } from 'vitest';
import { openPostgresState } from '../../controller/state/postgres/index.ts';
import { stateBackendContract } from './backend-contract.ts';
import { createTestDatabase, type TestDatabase } from './postgres-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('contract');
}, 120_000);
afterAll(() => db.drop());

describe('PostgreSQL state backend: the contract every backend meets', () => {
  // Two handles on one database: two machines sharing the state.
  stateBackendContract(async () => {
    const a = await openPostgresState(db.url, {});
    const b = await openPostgresState(db.url, {});
    return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
  });
});
