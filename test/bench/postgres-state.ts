import pg from 'pg';
import { LocalState } from '../../controller/state/local/index.ts';
import { openPostgresState } from '../../controller/state/postgres/index.ts';
import { runCli } from '../helpers/run-cli.ts';
import { startTestPostgres, type TestPostgres } from '../state/postgres-server.ts';
import { measureChild, median, type PlanMeasure } from './measure.ts';
import type { Row } from './rows.ts';

/** The bench's own PostgreSQL, with one database holding a copy of the local state. */
export interface BenchDatabase {
  url: string;
  server: TestPostgres;
}

export async function startBenchDatabase(): Promise<BenchDatabase> {
  const server = await startTestPostgres();
  await server.ready;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE panelops_bench');
  await admin.end();
  const url = new URL(server.adminUrl);
  url.pathname = '/panelops_bench';
  return { url: url.toString(), server };
}

/** Copies every panel's inventory from the state directory into the database (what `state migrate` does). */
async function copyState(stateDir: string, url: string): Promise<void> {
  const local = new LocalState(stateDir);
  const shared = await openPostgresState(url, {});
  try {
    for (const panel of await local.panels()) await shared.replaceInventory((await local.snapshot(panel)).inventory);
  } finally {
    await shared.close();
  }
}

/** Which object rows a transaction wrote, by comparing every row's xmin before and after. */
async function rowVersions(url: string): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ ref: string; xmin: string }>("SELECT panel || ':' || kind || '/' || key AS ref, xmin::text AS xmin FROM panelops_objects");
    return new Map(rows.map((r) => [r.ref, r.xmin]));
  } finally {
    await client.end();
  }
}

async function journalNumber(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string | null }>("SELECT pg_sequence_last_value(pg_get_serial_sequence('panelops_journal', 'n')) AS n");
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** History rows since `after`, and how many distinct (panel, finish time) pairs they carry (each operation keeps its own finish time). */
async function historySince(url: string, after: number): Promise<{ last: number; rows: number; writes: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ last: string | null; rows: string; writes: string }>(
      'SELECT max(n) AS last, count(*) AS rows, count(DISTINCT (panel, at)) AS writes FROM panelops_history WHERE n > $1',
      [after],
    );
    return { last: Number(rows[0]?.last ?? after), rows: Number(rows[0]?.rows ?? 0), writes: Number(rows[0]?.writes ?? 0) };
  } finally {
    await client.end();
  }
}

export interface PostgresBenchContext {
  objects: number;
  manifests: string;
  stateDir: string;
  env: Record<string, string>;
  /** Moves 1% of each panel's objects away from their manifests, behind panelops' back. */
  drift: () => void;
  /** Write requests the panels have seen so far. */
  writes: () => number;
  /** Requests of any kind the panels have seen so far. */
  requests: () => number;
}

/**
 * The PostgreSQL state beside the local one, on panels with no drift: the no-op plan on each,
 * taking turns three times (their ratio must not depend on which ran in a slow spell), then a
 * 1% drift applied through each, counting the object rows the PostgreSQL apply rewrote.
 */
export async function measurePostgresState(db: BenchDatabase, ctx: PostgresBenchContext, progress: (line: string) => void): Promise<Row[]> {
  await copyState(ctx.stateDir, db.url);
  progress(`${ctx.objects}: no-op plan, local and PostgreSQL state taking turns`);
  const local: PlanMeasure[] = [];
  const shared: PlanMeasure[] = [];
  let requests = 0;
  for (let round = 0; round < 3; round++) {
    local.push(await measureChild('test/bench/plan-once.ts', [ctx.manifests, ctx.stateDir], ctx.env));
    const before = ctx.requests();
    shared.push(await measureChild('test/bench/plan-once.ts', [ctx.manifests, db.url], ctx.env));
    requests = ctx.requests() - before;
  }
  const [l, s] = [median(local), median(shared)];
  const rows: Row[] = [
    {
      fleet: 'vpn',
      objects: ctx.objects,
      measure: 'no-op plan',
      state: 'PostgreSQL',
      seconds: s.seconds,
      requests,
      rssMiB: s.rssMiB,
      notes: `median of 3, taking turns with the local state (${l.seconds.toFixed(2)} s, ${l.rssMiB} MiB in the same turns): ${(s.seconds / l.seconds).toFixed(2)}x local; changes ${s.changes}`,
      localSeconds: l.seconds,
    },
  ];
  for (const state of ['local', 'PostgreSQL'] as const) {
    ctx.drift();
    progress(`${ctx.objects}: apply 1% drift, ${state} state`);
    const before = state === 'PostgreSQL' ? { rows: await rowVersions(db.url), journal: await journalNumber(db.url), history: (await historySince(db.url, 0)).last } : undefined;
    const writesBefore = ctx.writes();
    const started = performance.now();
    const where = state === 'PostgreSQL' ? ['--state', db.url] : ['--state-dir', ctx.stateDir];
    const applied = await runCli(['apply', '-f', ctx.manifests, ...where, '--auto-approve'], ctx.env);
    const seconds = (performance.now() - started) / 1000;
    const writes = ctx.writes() - writesBefore;
    let notes = `exit ${String(applied.code)}; ${writes} panel write requests`;
    if (before) {
      const after = await rowVersions(db.url);
      const rewritten = [...after].filter(([ref, xmin]) => before.rows.get(ref) !== xmin).length;
      const removed = [...before.rows.keys()].filter((ref) => !after.has(ref)).length;
      const intents = (await journalNumber(db.url)) - before.journal;
      const history = await historySince(db.url, before.history);
      notes += `; object rows written ${rewritten} of ${after.size}, deleted ${removed}; journal intent rows ${intents}; history rows ${history.rows} (${history.writes} distinct finish times)`;
    }
    if (applied.code !== 0) notes += `; ${applied.stderr.trim().split('\n').slice(-3).join(' / ')}`;
    rows.push({ fleet: 'vpn', objects: ctx.objects, measure: 'apply 1% drift', state, seconds, requests: writes, notes });
  }
  // Said at once as well: the table is written only when the whole bench has run.
  for (const r of rows) progress(`${ctx.objects}: ${r.measure}, ${r.state ?? 'local'} state: ${r.seconds.toFixed(2)} s; ${r.notes ?? ''}`);
  return rows;
}
