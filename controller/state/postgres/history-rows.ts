import type pg from 'pg';
import type { HistoryEntry, HistoryQuery } from '../../history/history-entry.ts';

type Query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;

/** One statement: the run's rows for a panel go in, rows past the retention go out. */
const RECORD = `WITH pruned AS (DELETE FROM panelops_history WHERE $3::text IS NOT NULL AND at < $3::text)
  INSERT INTO panelops_history (panel, kind, key, at, entry)
  SELECT $1, e->>'kind', e->>'key', e->>'at', e FROM json_array_elements($2::json) AS e`;

const READ = `SELECT entry FROM panelops_history
  WHERE ($1::text IS NULL OR panel = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR key = $3) AND ($4::text IS NULL OR at >= $4)
  ORDER BY at DESC, n DESC LIMIT $5`;

export async function recordHistoryRows(query: Query, panel: string, entries: readonly HistoryEntry[], pruneBefore?: string): Promise<void> {
  await query(RECORD, [panel, JSON.stringify(entries), pruneBefore ?? null]);
}

export async function readHistoryRows(query: Query, q: HistoryQuery): Promise<HistoryEntry[]> {
  const { rows } = await query<{ entry: HistoryEntry }>(READ, [q.panel ?? null, q.kind ?? null, q.key ?? null, q.since ?? null, q.limit ?? null]);
  return rows.map((r) => r.entry);
}
