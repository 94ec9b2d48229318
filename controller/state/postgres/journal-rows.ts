import type pg from 'pg';
import type { JournalOp, PanelJournal } from '../backend.ts';

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

/**
 * One panel's journal as rows: an intent row before an operation is sent, its outcome (`ok`)
 * set after. The semantics are the journal file's: a row without an outcome is an operation
 * a run may have sent and never marked; release and clear drop rows. Each call is its own
 * statement, committed at once, so an intent is durable before the write it announces.
 */
export class JournalRows implements PanelJournal {
  constructor(
    private readonly query: Query,
    readonly panel: string,
  ) {}

  async intend(ops: readonly JournalOp[], now: string): Promise<number[]> {
    if (ops.length === 0) return [];
    // Numbers first, then the rows that carry them: RETURNING does not promise its rows' order.
    const numbered = await this.query<{ n: string }>("SELECT nextval(pg_get_serial_sequence('panelops_journal', 'n')) AS n FROM generate_series(1, $1)", [ops.length]);
    const numbers = numbered.rows.map((r) => Number(r.n)).sort((a, b) => a - b);
    await this.query(
      'INSERT INTO panelops_journal (n, panel, kind, key, action, at, spec) SELECT n, $1, k, y, a, w, s::json FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(n, k, y, a, w, s)',
      [this.panel, numbers, ops.map((o) => o.kind), ops.map((o) => o.key), ops.map((o) => o.action), ops.map((o) => o.at ?? now), ops.map((o) => (o.spec ? JSON.stringify(o.spec) : null))],
    );
    return numbers;
  }

  async done(numbers: readonly number[], ok: boolean): Promise<void> {
    if (numbers.length === 0) return;
    await this.query('UPDATE panelops_journal SET ok = $3 WHERE panel = $1 AND n = ANY($2::bigint[])', [this.panel, numbers, ok]);
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
