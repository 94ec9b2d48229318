import type pg from 'pg';

/**
 * The state tables, one migration per schema version, applied in order. A migration once
 * shipped never changes: a database at version N gets N+1.. only. Keys are `COLLATE "C"`, so
 * rows sort by code point as the inventory file does, whatever the database's locale.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE panelops_panels (
     panel text COLLATE "C" PRIMARY KEY,
     type text,
     salt text NOT NULL
   );
   -- One row per owned object. The entry is json, not jsonb: it keeps the key order it was
   -- written with, so an inventory moved to PostgreSQL and back is byte-identical.
   CREATE TABLE panelops_objects (
     panel text COLLATE "C" NOT NULL REFERENCES panelops_panels ON DELETE CASCADE,
     kind text COLLATE "C" NOT NULL,
     key text COLLATE "C" NOT NULL,
     entry json NOT NULL,
     PRIMARY KEY (panel, kind, key)
   );
   CREATE TABLE panelops_journal (
     n bigserial PRIMARY KEY,
     panel text COLLATE "C" NOT NULL,
     kind text NOT NULL,
     key text NOT NULL,
     action text NOT NULL,
     at text NOT NULL,
     ok boolean
   );
   CREATE INDEX panelops_journal_panel ON panelops_journal (panel, n);
   -- Who holds an advisory lock, for messages: the lock itself lives in the server.
   CREATE TABLE panelops_locks (
     name text COLLATE "C" PRIMARY KEY,
     backend_pid integer NOT NULL,
     pid integer NOT NULL,
     host text NOT NULL,
     command text NOT NULL,
     revision text,
     replica text,
     since text NOT NULL
   );`,
  // What a create intent was sending (no secrets), to settle it against the panel after a crash.
  `ALTER TABLE panelops_journal ADD COLUMN spec json;`,
  // What every applied operation did (history): apart from the inventory, pruned by time.
  `CREATE TABLE panelops_history (
     n bigserial PRIMARY KEY,
     panel text COLLATE "C" NOT NULL,
     kind text COLLATE "C" NOT NULL,
     key text COLLATE "C" NOT NULL,
     at text NOT NULL,
     entry json NOT NULL
   );
   CREATE INDEX panelops_history_object ON panelops_history (panel, kind, key, at);
   CREATE INDEX panelops_history_at ON panelops_history (at);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Serialises migrations between processes that start at once: a transaction-scoped advisory lock. */
const MIGRATION_LOCK = 0x70616e6d;

/**
 * Brings the schema to SCHEMA_VERSION in one transaction: all of it or none. Two processes
 * starting together queue on the advisory lock; the second finds the work done. A database
 * newer than this panelops is refused rather than written with an older idea of its tables.
 */
export async function migrate(client: pg.ClientBase): Promise<{ from: number; to: number }> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS panelops_schema (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM panelops_schema');
    const from = rows[0]?.version ?? 0;
    if (from > SCHEMA_VERSION) throw new Error(`the state schema is at version ${from}, newer than this panelops knows (${SCHEMA_VERSION}): upgrade panelops`);
    for (let v = from; v < SCHEMA_VERSION; v++) {
      await client.query(MIGRATIONS[v] as string);
      await client.query('INSERT INTO panelops_schema (version) VALUES ($1)', [v + 1]);
    }
    await client.query('COMMIT');
    return { from, to: SCHEMA_VERSION };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
