import { join } from 'node:path';
import { startXuiEmulator } from '../../controller/emulators/3x-ui/index.ts';
import type { RequestCounters } from '../../controller/emulators/kit/counters.ts';
import { startMarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { measureApply, measureChild, median, medianPlan, pool, type PlanMeasure } from './measure.ts';
import { measurePostgresState, type BenchDatabase } from './postgres-state.ts';
import { withRatios, type Row } from './rows.ts';
import { readVpnPages, XUI_TOKEN } from './floors.ts';
import { measureSteadyReconcile } from './controller-reconcile.ts';

export { XUI_TOKEN };
const USERS_PAGE = defaultRegistry().get('marzban')?.defaultLimits.pageSize ?? 1000;
const XUI_BATCH = defaultRegistry().get('3x-ui')?.defaultLimits.batchSize ?? 500;
/** The extra delay per request of the informational rows: a panel in the same region. */
export const ROUND_TRIP_MS = 5;

export const VPN_PANELS = `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: mz }
spec: { type: marzban, url: { env: MZ_URL }, auth: { username: admin, password: { env: MZ_PASS } }, limits: { concurrency: 8, requestsPerSecond: 0 } }
---
apiVersion: panelops.io/v1
kind: Panel
metadata: { name: xui }
spec: { type: 3x-ui, url: { env: XUI_URL }, auth: { token: { env: XUI_TOKEN } }, limits: { concurrency: 8, requestsPerSecond: 0 } }
`;

/** Requests by route between two snapshots of a counter. */
function delta(before: Record<string, number>, counters: RequestCounters): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [route, n] of Object.entries(counters.snapshot())) if (n - (before[route] ?? 0) > 0) out[route] = n - (before[route] ?? 0);
  return out;
}

/** What a plan's requests were: list pages and logins, or anything else (per-object reads, writes). */
function describe(requests: Record<string, number>): { total: number; notes: string; perObject: number } {
  const total = Object.values(requests).reduce((a, b) => a + b, 0);
  const of = (route: string) => requests[route] ?? 0;
  const pages = of('GET /api/users');
  const clientLists = of('GET /panel/api/clients/list');
  const logins = of('POST /api/admin/token');
  const perObject = of('GET /api/user/{username}') + of('GET /panel/api/clients/get/:email') + Object.entries(requests).filter(([r]) => !r.startsWith('GET') && r !== 'POST /api/admin/token').reduce((a, [, n]) => a + n, 0);
  const others = total - pages - clientLists - logins - perObject;
  return { total, perObject, notes: `${pages} user pages of ${USERS_PAGE}, ${clientLists} client list, ${logins} login, ${others} lists of other kinds and inbounds, ${perObject} per-object or write requests` };
}

/** Marzban users and 3x-ui clients, N of each; with `db`, the PostgreSQL state beside the local one. */
export async function measureVpn(n: number, progress: (line: string) => void, db?: BenchDatabase): Promise<Row[]> {
  const mz = await startMarzbanEmulator({ seed: 1 });
  const xui = await startXuiEmulator({ seed: 2 });
  const dir = await tempDir('panelops-bench-');
  try {
    mz.seedUsers(n, { prefix: 'bench' });
    xui.seedClients(n, { prefix: 'bench', inboundTags: ['vless-reality'] });
    const manifests = join(dir.path, 'm');
    const stateDir = join(dir.path, 'state');
    const env = { MZ_URL: mz.url, MZ_PASS: 'sandbox-admin-pass', XUI_URL: xui.url, XUI_TOKEN };
    await writeFiles(manifests, { 'panels.yaml': VPN_PANELS });
    progress(`${n}: importing the fleet as manifests`);
    // Through the CLI, as an operator would: the import's own memory stays out of the process
    // that serves the panels for every measurement below.
    for (const [panel, kind] of [['mz', 'User'], ['xui', 'Client']] as const) {
      const imported = await runCli(['import', '--panel', panel, '--kind', kind, '-f', manifests, '--state-dir', stateDir], env);
      if (imported.code !== 0) throw new Error(`bench: import of ${panel} failed: ${imported.stderr}`);
    }
    const snapshot = () => ({ mz: mz.counters.snapshot(), xui: xui.counters.snapshot() });
    const requestsSince = (s: ReturnType<typeof snapshot>) => ({ ...delta(s.mz, mz.counters), ...delta(s.xui, xui.counters) });
    const objects = 2 * n;

    const fetchPages = () => readVpnPages(mz.url, xui.url, n, USERS_PAGE);
    const planRow = (measure: Row['measure'], m: PlanMeasure, requests: ReturnType<typeof describe>): Row => ({
      fleet: 'vpn',
      objects,
      measure,
      seconds: m.seconds,
      requests: requests.total,
      rssMiB: m.rssMiB,
      notes: `median of 3; changes ${m.changes}; manifests read in ${m.loadSeconds.toFixed(2)} s; ${requests.notes}`,
    });
    // The floor and the no-op plan take turns, three rounds each: this machine's speed drifts
    // by a fifth over minutes, and their ratio must not depend on which ran in a slow spell.
    const runFloorAndPlan = async (): Promise<{ floor: Row; plan: Row }> => {
      const floorTimes: number[] = [];
      const plans: PlanMeasure[] = [];
      let floorRequests = describe({});
      let planRequests = describe({});
      for (let round = 0; round < 3; round++) {
        let before = snapshot();
        const started = performance.now();
        await fetchPages();
        floorTimes.push((performance.now() - started) / 1000);
        if (round === 0) floorRequests = describe(requestsSince(before));
        before = snapshot();
        plans.push(await measureChild('test/bench/plan-once.ts', [manifests, stateDir], env));
        if (round === 0) planRequests = describe(requestsSince(before));
      }
      const floorSeconds = floorTimes.sort((a, b) => a - b)[1] ?? 0;
      return {
        floor: { fleet: 'vpn', objects, measure: 'floor', seconds: floorSeconds, requests: floorRequests.total, notes: `median of 3, taking turns with the no-op plan; ${floorRequests.notes}` },
        plan: planRow('no-op plan', median(plans), planRequests),
      };
    };
    const runBaseline = async (): Promise<Row> => {
      const login = await fetch(`${mz.url}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'sandbox-admin-pass' }) });
      const token = ((await login.json()) as { access_token: string }).access_token;
      const started = performance.now();
      const before = snapshot();
      await pool([...mz.state.users.keys()], 10, async (u) => void (await (await fetch(`${mz.url}/api/user/${u}`, { headers: { authorization: `Bearer ${token}` } })).text()));
      await pool([...xui.state.clients.keys()], 10, async (e) => void (await (await fetch(`${xui.url}/panel/api/clients/get/${encodeURIComponent(e)}`, { headers: { authorization: `Bearer ${XUI_TOKEN}` } })).text()));
      return { fleet: 'vpn', objects, measure: 'baseline', seconds: (performance.now() - started) / 1000, requests: describe(requestsSince(before)).total };
    };
    // 1% drift, made on the panels behind panelops' back (and taken back before the round-trip rows).
    const drifted = Math.max(1, n / 100);
    const drift = (by: number) => {
      [...mz.state.users.values()].slice(0, drifted).forEach((u) => (u.data_limit = (u.data_limit ?? 0) + by));
      [...xui.state.clients.values()].slice(0, drifted).forEach((c) => (c.totalGB += by));
    };

    progress(`${n}: floor and no-op plan`);
    const { floor, plan: noop } = await runFloorAndPlan();
    progress(`${n}: floor and controller reconcile at an unchanged revision`);
    const steady = await measureSteadyReconcile(objects, fetchPages, { manifests, stateDir }, env);
    const sharedStart = snapshot();
    // Before the drift below: it starts from panels that match the manifests, and leaves them so.
    const shared = db ? await measurePostgresState(db, { objects, manifests, stateDir, env, drift: () => drift(2 ** 30), writes: () => mz.counters.writes() + xui.counters.writes(), requests: () => describe(requestsSince(sharedStart)).total }, progress) : [];
    drift(2 ** 30);
    progress(`${n}: 1% drift plan`);
    const before = snapshot();
    let driftRequests = describe({});
    const drifting = planRow('1% drift plan', await medianPlan([manifests, stateDir], env, () => (driftRequests = describe(requestsSince(before)))), driftRequests);
    // The baseline runs after the plans: its 200,000 requests would leave the emulators' heap
    // larger for whatever follows, and the floor and the plans should see the same panels.
    progress(`${n}: baseline (${objects} single reads)`);
    const baseline = await runBaseline();
    const rows = withRatios([noop, drifting], baseline, floor);

    if (n <= 10_000) {
      drift(-(2 ** 30));
      for (const emulator of [mz, xui]) emulator.faults.configure({ latencyMs: ROUND_TRIP_MS });
      progress(`${n}: floor, no-op plan and baseline with a ${ROUND_TRIP_MS} ms round trip`);
      const far = await runFloorAndPlan();
      const farBaseline = await runBaseline();
      rows.push(...withRatios([far.plan], farBaseline, far.floor).map((r) => ({ ...r, roundTripMs: ROUND_TRIP_MS })));
      for (const emulator of [mz, xui]) emulator.faults.configure({});
    }

    const fresh = n / 10;
    progress(`${n}: apply ${fresh} new 3x-ui clients`);
    await writeFiles(manifests, {
      'new-clients.json': JSON.stringify({ apiVersion: 'xui.panelops.io/v1', kind: 'ClientList', spec: { items: Array.from({ length: fresh }, (_, i) => ({ name: `fresh${i}@bench.example`, inbounds: ['vmess-ws'] })) } }),
    });
    const { seconds, writes, exit } = await measureApply('xui:Client/fresh*', { manifests, stateDir }, env, () => xui.counters.writes());
    const bound = Math.ceil(fresh / XUI_BATCH);
    const batches = `bulkCreate batches of ${XUI_BATCH}: ${fresh} / ${XUI_BATCH} = ${bound}, + ${writes - bound}`;
    const apply: Row = { fleet: 'vpn', objects: fresh, measure: 'apply 10% new', seconds, requests: writes, writeBound: bound, notes: `3x-ui clients, exit ${String(exit)}; ${writes} write requests (${batches})` };
    return [...rows, ...steady, ...shared, apply];
  } finally {
    await mz.close();
    await xui.close();
    await dir.cleanup();
  }
}
