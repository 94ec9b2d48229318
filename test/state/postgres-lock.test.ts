import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockError } from '../../controller/state/backend.ts';
import { openPostgresState, type PostgresState } from '../../controller/state/postgres/index.ts';
import { createTestDatabase, type TestDatabase } from './postgres-database.ts';

let db: TestDatabase;
let sql: pg.Client;
let a: PostgresState;
let b: PostgresState;

beforeAll(async () => {
  db = await createTestDatabase('lock');
  [a, b] = await Promise.all([openPostgresState(db.url, {}), openPostgresState(db.url, {})]);
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
}, 120_000);
afterAll(async () => {
  await sql.end();
  await Promise.all([a.close(), b.close()]);
  await db.drop();
});

const lockConnection = async (name: string) => (await sql.query<{ backend_pid: number }>('SELECT backend_pid FROM panelops_locks WHERE name = $1', [name])).rows[0]?.backend_pid;

describe('PostgreSQL state backend: advisory locks', () => {
  it('names its holder from the holder row, and lists held locks by prefix', async () => {
    const held = await a.acquireLock('eu-1', { command: 'apply', revision: 'abc123', replica: 'r-1' }, { timeoutMs: 1000 });
    const lease = await a.tryLock('eu-1.lease', { command: 'run', replica: 'r-1' });
    expect(await b.lockHolder('eu-1')).toEqual({ pid: process.pid, host: hostname(), command: 'apply', revision: 'abc123', replica: 'r-1', since: expect.any(String) });
    expect((await b.heldLocks('eu-1')).map((l) => l.name)).toEqual(['eu-1', 'eu-1.lease']);
    expect((await b.heldLocks('eu-1.')).map((l) => l.name)).toEqual(['eu-1.lease']);
    const waits: string[] = [];
    const refused = await b.acquireLock('eu-1', { command: 'apply' }, { timeoutMs: 300, pollMs: 50, onWait: (h) => waits.push(h.command) }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LockError);
    expect((refused as LockError).message).toMatch(/locked by pid \d+ on .* \(replica r-1\) \(apply, revision abc123\)/);
    expect(waits).toEqual(['apply']);
    await Promise.all([held.release(), lease?.release()]);
    expect(await b.heldLocks('')).toEqual([]);
    expect(await sql.query('SELECT 1 FROM panelops_locks')).toMatchObject({ rowCount: 0 });
  });

  it('a waiter gets the lock as soon as it is released', async () => {
    const held = await a.acquireLock('eu-2', { command: 'apply' }, { timeoutMs: 1000 });
    const waiting = b.acquireLock('eu-2', { command: 'apply' }, { timeoutMs: 10_000, pollMs: 20 });
    setTimeout(() => void held.release(), 200);
    const next = await waiting;
    expect((await a.lockHolder('eu-2'))?.pid).toBe(process.pid);
    await next.release();
  });

  it('signals `lost` when the server ends the lock connection, frees the lock, and unlock clears the stale row', async () => {
    const held = await a.acquireLock('eu-3', { command: 'apply' }, { timeoutMs: 1000 });
    const lost = new Promise<unknown>((resolve) => held.lost.addEventListener('abort', () => resolve(held.lost.reason)));
    await sql.query('SELECT pg_terminate_backend($1)', [await lockConnection('eu-3')]);
    expect(String(await lost)).toMatch(/connection holding the lock/);
    // The row is still there, but it names a connection that is gone: nobody holds the lock.
    // (The server's FATAL reaches the client a moment before the ending backend frees its locks.)
    await expect.poll(() => b.lockHolder('eu-3'), { timeout: 5000, interval: 20 }).toBeUndefined();
    expect((await b.unlock('eu-3'))?.command).toBe('apply');
    expect(await b.unlock('eu-3')).toBeUndefined();
    const next = await b.tryLock('eu-3', { command: 'apply' });
    expect(next).toBeDefined();
    await held.release();
    // Releasing the lost lock later does not touch the new holder's lock or row.
    expect((await a.lockHolder('eu-3'))?.command).toBe('apply');
    await next?.release();
  });

  it('unlock refuses a lock whose holder is still connected', async () => {
    const held = await a.acquireLock('eu-4', { command: 'run' }, { timeoutMs: 1000 });
    await expect(b.unlock('eu-4')).rejects.toThrow(/still connected/);
    expect(await b.tryLock('eu-4', { command: 'apply' })).toBeUndefined();
    await held.release();
    expect(held.lost.aborted).toBe(false);
  });

  it('a holder killed with SIGKILL loses its lock with its connection: the other takes it within seconds', async () => {
    const script = fileURLToPath(new URL('./hold-lock.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, db.url, 'eu-5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
      child.on('exit', (code) => reject(new Error(`the holder exited (${code}): ${stderr}`)));
    });
    expect((await b.lockHolder('eu-5'))?.pid).toBe(child.pid);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const start = Date.now();
    const taken = await b.acquireLock('eu-5', { command: 'apply' }, { timeoutMs: 10_000, pollMs: 50 });
    expect(Date.now() - start).toBeLessThan(3000);
    expect((await a.lockHolder('eu-5'))?.pid).toBe(process.pid);
    await taken.release();
  }, 60_000);
});
