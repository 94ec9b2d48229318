import type pg from 'pg';
import type { JournalOp, PanelJournal } from '../backend.ts';
import { GroupCommit } from './group-commit.ts';

type Query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;

const TOUCHED = 'SELECT kind, key, action, spec, at FROM panelops_journal WHERE panel = $1 AND ok IS DISTINCT FROM false ORDER BY n';

interface TouchedRow {
  kind: string;
  key: string;
  action: string;
  spec: Record<string, unknown> | null;
  at: string;
}

const toOp = (r: TouchedRow): JournalOp => ({ kind: r.kind, key: r.key, action: r.action, ...(r.spec ? { spec: r.spec } : {}), at: r.at });

/** The journal claims that may have changed the panel: unsettled, or settled ok but never recorded. */
export async function touchedOps(client: pg.ClientBase, panel: string): Promise<JournalOp[]> {
  const { rows } = await client.query<TouchedRow>(TOUCHED, [panel]);
  return rows.map(toOp);
}

/** Numbers drawn in order and given to the rows in order, inserted in the same statement. */
const INTEND = `WITH drawn AS (SELECT nextval(pg_get_serial_sequence('panelops_journal', 'n')) AS n FROM generate_series(1, cardinality($2::text[]))),
  numbered AS (SELECT n, row_number() OVER (ORDER BY n) AS i FROM drawn),
  inserted AS (
    INSERT INTO panelops_journal (n, panel, kind, key, action, at, spec)
    SELECT numbered.n, $1, t.k, t.y, t.a, t.w, t.s::json
    FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(k, y, a, w, s, i) JOIN numbered ON numbered.i = t.i
    RETURNING n)
SELECT n FROM inserted ORDER BY n`;

const DONE = 'UPDATE panelops_journal j SET ok = t.ok FROM unnest($2::bigint[], $3::boolean[]) AS t(n, ok) WHERE j.panel = $1 AND j.n = t.n';

/**
 * One panel's journal as rows: an intent row before an operation is sent, its outcome (`ok`)
 * set after. The semantics are the journal file's: a row without an outcome is an operation
 * a run may have sent and never marked; release and clear drop rows. Each call resolves only
 * once its statement is committed, so an intent is durable before the write it announces;
 * calls made while another statement is on its way share the next one (a phase of 2,000
 * single writes at concurrency 8 costs hundreds of round trips, not 6,000).
 */
export class JournalRows implements PanelJournal {
  private readonly intents: GroupCommit<JournalOp, number>;
  private readonly outcomes: GroupCommit<{ n: number; ok: boolean }, undefined>;

  constructor(
    private readonly query: Query,
    readonly panel: string,
  ) {
    this.intents = new GroupCommit(async (ops) => {
      const { rows } = await this.query<{ n: string }>(INTEND, [this.panel, ops.map((o) => o.kind), ops.map((o) => o.key), ops.map((o) => o.action), ops.map((o) => o.at), ops.map((o) => (o.spec ? JSON.stringify(o.spec) : null))]);
      if (rows.length !== ops.length) throw new Error(`the journal stored ${rows.length} of ${ops.length} intents`);
      return rows.map((r) => Number(r.n));
    });
    this.outcomes = new GroupCommit(async (marks) => {
      await this.query(DONE, [this.panel, marks.map((m) => m.n), marks.map((m) => m.ok)]);
      return marks.map(() => undefined);
    });
  }

  async intend(ops: readonly JournalOp[], now: string): Promise<number[]> {
    if (ops.length === 0) return [];
    return this.intents.submit(ops.map((o) => ({ ...o, at: o.at ?? now })));
  }

  async done(numbers: readonly number[], ok: boolean): Promise<void> {
    if (numbers.length === 0) return;
    await this.outcomes.submit(numbers.map((n) => ({ n, ok })));
  }

  async unfinished(): Promise<JournalOp[]> {
    const { rows } = await this.query<JournalOp>('SELECT kind, key, action FROM panelops_journal WHERE panel = $1 AND ok IS NULL ORDER BY n', [this.panel]);
    return rows;
  }

  async touched(): Promise<JournalOp[]> {
    const { rows } = await this.query<TouchedRow>(TOUCHED, [this.panel]);
    return rows.map(toOp);
  }

  async release(kind: string, key: string): Promise<number> {
    const result = await this.query('DELETE FROM panelops_journal WHERE panel = $1 AND kind = $2 AND key = $3', [this.panel, kind, key]);
    return result.rowCount ?? 0;
  }

  async clear(): Promise<void> {
    await this.query('DELETE FROM panelops_journal WHERE panel = $1', [this.panel]);
  }
}
