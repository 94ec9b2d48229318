import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateError } from '../../controller/state/backend.ts';
import { openPostgresState, redactUrlPassword } from '../../controller/state/postgres/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { createTestDatabase, type TestDatabase } from './postgres-database.ts';

// Characters a URL must encode, so every spelling of the password is exercised.
const CANARY = 'Canary-p@ss:w/rd%7e-91f3';
let db: TestDatabase;
let url: string;

beforeAll(async () => {
  db = await createTestDatabase('secrets');
  url = await db.urlFor('canary_role', CANARY);
}, 120_000);
afterAll(() => db.drop());

const withoutPassword = (u: string) => {
  const bare = new URL(u);
  bare.password = '';
  return bare.toString();
};

/** The message of what `work` threw, checked to hold no spelling of the canary. */
async function failure(work: () => Promise<unknown>): Promise<string> {
  const err = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StateError);
  const message = `${(err as Error).message} ${(err as Error).stack ?? ''}`;
  for (const form of [CANARY, encodeURIComponent(CANARY), 'p@ss', 'w/rd%7e']) expect(message).not.toContain(form);
  return (err as Error).message;
}

describe('PostgreSQL state backend: the password of the state URL', () => {
  it('connects with it, and says where the state is without it', async () => {
    const state = await openPostgresState(url, {});
    expect(state.description).toMatch(/^PostgreSQL postgres:\/\/canary_role@127\.0\.0\.1:\d+\/panelops_secrets_/);
    expect(state.description).not.toContain('Canary');
    await state.close();
  });

  it('takes it from PGPASSWORD or a passwordFile when the URL has none', async () => {
    const viaEnv = await openPostgresState(withoutPassword(url), { PGPASSWORD: CANARY });
    await viaEnv.close();
    const dir = await tempDir();
    try {
      const file = join(dir.path, 'state-password');
      await writeFile(file, `${CANARY}\n`);
      await chmod(file, 0o600);
      const viaFile = await openPostgresState(`${withoutPassword(url)}?passwordFile=${encodeURIComponent(file)}`, {});
      expect(viaFile.description).not.toContain('passwordFile');
      await viaFile.close();
      expect(await failure(() => openPostgresState(`${withoutPassword(url)}?passwordFile=${encodeURIComponent(join(dir.path, 'missing'))}`, {}))).toMatch(/password file .* cannot be read \(ENOENT\)/);
    } finally {
      await dir.cleanup();
    }
  });

  it('appears in no error: wrong password, server down, missing database, broken tables, bad URL', async () => {
    const wrong = new URL(url);
    wrong.password = encodeURIComponent(`${CANARY}-wrong`);
    expect(await failure(() => openPostgresState(wrong.toString(), {}))).toMatch(/password authentication failed/);
    const down = new URL(url);
    down.port = '1';
    expect(await failure(() => openPostgresState(down.toString(), {}))).toMatch(/ECONNREFUSED|connect/);
    const missing = new URL(url);
    missing.pathname = '/no_such_database';
    expect(await failure(() => openPostgresState(missing.toString(), {}))).toMatch(/does not exist/);
    const state = await openPostgresState(url, {});
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('DROP TABLE panelops_objects');
    await admin.end();
    expect(await failure(() => state.snapshot('eu-1'))).toMatch(/reading the state of panel eu-1 failed/);
    await state.close();
    await failure(() => openPostgresState(`postgres://u:${CANARY}@[not-a-host`, {}));
  });

  it('redactUrlPassword takes out the password of any postgres URL in a text', () => {
    expect(redactUrlPassword(`failed: postgres://me:${encodeURIComponent(CANARY)}@db:5432/x and postgresql://a:b@c/d`)).toBe('failed: postgres://me:[redacted]@db:5432/x and postgresql://a:[redacted]@c/d');
  });
});
