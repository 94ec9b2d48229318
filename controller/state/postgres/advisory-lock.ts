import { hostname } from 'node:os';
import pg from 'pg';
import { describeHolder, LockError, type HeldLock, type LockHolder, type LockRequest, type LockWaitOptions } from '../backend.ts';

/**
 * Advisory locks are keyed by two integers: this one sets panelops' locks apart from any other
 * program's in the same database; the second is the lock name's hash. Two names that hash
 * alike only make two panels wait for each other, never share a writer.
 */
export const LOCK_SPACE = 0x70616e6c;

interface HolderRow {
  backend_pid: number;
  pid: number;
  host: string;
  command: string;
  revision: string | null;
  replica: string | null;
  since: string;
  name?: string;
}

const toHolder = (r: HolderRow): LockHolder => ({
  pid: r.pid,
  host: r.host,
  since: r.since,
  command: r.command,
  ...(r.revision ? { revision: r.revision } : {}),
  ...(r.replica ? { replica: r.replica } : {}),
});

/** Holder rows whose advisory lock is granted right now to the connection the row names. */
const LIVE_HOLDERS = `
  SELECT h.* FROM panelops_locks h
  WHERE EXISTS (SELECT 1 FROM pg_locks l
                WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid = ${LOCK_SPACE} AND l.objid = hashtext(h.name)::oid AND l.objsubid = 2 AND l.pid = h.backend_pid)`;

type Query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;

export async function liveHolder(query: Query, name: string): Promise<LockHolder | undefined> {
  const { rows } = await query<HolderRow>(`${LIVE_HOLDERS} AND h.name = $1`, [name]);
  return rows[0] ? toHolder(rows[0]) : undefined;
}

export async function liveHolders(query: Query, prefix: string): Promise<Array<{ name: string; holder: LockHolder }>> {
  const { rows } = await query<HolderRow>(`${LIVE_HOLDERS} AND starts_with(h.name, $1) ORDER BY h.name`, [prefix]);
  return rows.map((r) => ({ name: r.name ?? '', holder: toHolder(r) }));
}

/**
 * Removes a holder row whose connection is gone (`state unlock`) and returns it; a live
 * holder is refused. The check and the delete are one statement, so a lock taken meanwhile
 * keeps its row.
 */
export async function clearStaleHolder(query: Query, name: string): Promise<LockHolder | undefined> {
  const { rows } = await query<HolderRow>(
    `DELETE FROM panelops_locks WHERE name = $1 AND name NOT IN (SELECT name FROM (${LIVE_HOLDERS}) live) RETURNING *`,
    [name],
  );
  if (rows[0]) return toHolder(rows[0]);
  const live = await liveHolder(query, name);
  if (live) throw new LockError(`lock ${name} is held by ${describeHolder(live)}, which is still connected: it is released when that run ends or its connection drops`, live);
  return undefined;
}

/**
 * Takes an advisory lock on a connection of its own, kept open for as long as the lock is
 * held: if the holder dies, the server drops the connection and with it the lock, so no stale
 * lock is ever left to clear by hand. `lost` fires when that connection fails or ends while
 * the lock is held; the holder must then stop writing.
 */
export class LockConnection {
  private readonly client: pg.Client;
  private readonly lostController = new AbortController();
  private released = false;

  constructor(connectionString: string) {
    this.client = new pg.Client({ connectionString, keepAlive: true, application_name: 'panelops lock' });
    const lose = (why: string) => {
      if (!this.released && !this.lostController.signal.aborted) this.lostController.abort(new Error(why));
    };
    // Without a listener a dropped connection would be an uncaught error in the process.
    this.client.on('error', (err) => lose(`the connection holding the lock failed: ${err.message}`));
    this.client.on('end', () => lose('the connection holding the lock was closed'));
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  /** One attempt; on success the holder row is written, on failure the connection stays for the next. */
  async tryTake(name: string, request: LockRequest): Promise<HeldLock | undefined> {
    const { rows } = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK_SPACE, name]);
    if (!rows[0]?.ok) return undefined;
    const mine: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), ...request };
    await this.client.query(
      `INSERT INTO panelops_locks (name, backend_pid, pid, host, command, revision, replica, since) VALUES ($1, pg_backend_pid(), $2, $3, $4, $5, $6, $7)
       ON CONFLICT (name) DO UPDATE SET backend_pid = excluded.backend_pid, pid = excluded.pid, host = excluded.host, command = excluded.command,
         revision = excluded.revision, replica = excluded.replica, since = excluded.since`,
      [name, mine.pid, mine.host, mine.command, mine.revision ?? null, mine.replica ?? null, mine.since],
    );
    return { lost: this.lostController.signal, release: () => this.release(name) };
  }

  private async release(name: string): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (!this.lostController.signal.aborted) {
      await this.client.query('DELETE FROM panelops_locks WHERE name = $1 AND backend_pid = pg_backend_pid()', [name]).catch(() => undefined);
      await this.client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, name]).catch(() => undefined);
    }
    await this.end();
  }

  /** Closing the connection frees whatever it held. */
  async end(): Promise<void> {
    this.released = true;
    await this.client.end().catch(() => undefined);
  }
}

/** Polls until the lock is free or `timeoutMs` has passed, then refuses naming the holder. */
export async function acquireAdvisoryLock(connectionString: string, query: Query, name: string, request: LockRequest, options: LockWaitOptions): Promise<HeldLock> {
  const connection = new LockConnection(connectionString);
  const deadline = Date.now() + options.timeoutMs;
  let announced = false;
  try {
    await connection.connect();
    for (;;) {
      const held = await connection.tryTake(name, request);
      if (held) return held;
      const other = await liveHolder(query, name);
      if (Date.now() >= deadline) {
        throw new LockError(`panel ${name} is locked by ${other ? describeHolder(other) : 'another run'}; gave up after ${Math.round(options.timeoutMs / 1000)} s (--lock-timeout)`, other);
      }
      if (other && !announced) {
        options.onWait?.(other);
        announced = true;
      }
      await new Promise((r) => setTimeout(r, options.pollMs ?? 200));
    }
  } catch (err) {
    await connection.end();
    throw err;
  }
}

export async function tryAdvisoryLock(connectionString: string, name: string, request: LockRequest): Promise<HeldLock | undefined> {
  const connection = new LockConnection(connectionString);
  try {
    await connection.connect();
    const held = await connection.tryTake(name, request);
    if (!held) await connection.end();
    return held;
  } catch (err) {
    await connection.end();
    throw err;
  }
}
