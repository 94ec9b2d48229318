import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** Connects as the suite's superuser, waiting for a server that is still starting (global setup). */
export async function adminClient(database = 'postgres'): Promise<pg.Client> {
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${database}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url.toString() });
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`the test PostgreSQL never answered (see the run's first lines): ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export interface TestDatabase {
  name: string;
  /** A superuser URL to the new database, password included. */
  url: string;
  /** A URL for a role of its own whose password is `password`, owner of nothing but allowed in. */
  urlFor(role: string, password: string): Promise<string>;
  drop(): Promise<void>;
}

/** A fresh database for one test file, dropped (with its connections) afterwards. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `panelops_${label.replace(/[^a-z0-9]/gi, '_')}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const admin = await adminClient();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    urlFor: async (role, password) => {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
      await admin.query(`GRANT ALL ON DATABASE ${name} TO ${role}`);
      const db = await adminClient(name);
      await db.query(`GRANT ALL ON SCHEMA public TO ${role}`);
      await db.end();
      const own = new URL(url);
      own.username = role;
      own.password = encodeURIComponent(password);
      return own.toString();
    },
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
