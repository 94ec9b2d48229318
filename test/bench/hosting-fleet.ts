import { LocalState } from '../../controller/state/local/index.ts';
import { join } from 'node:path';
import { startOpenPanelEmulator } from '../../controller/emulators/openpanel/index.ts';
import { runImport } from '../../controller/import/run-import.ts';
import { loadManifests } from '../../controller/manifest/load.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { silentLogger } from '../../controller/shared/logger.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { measureApply, medianPlan } from './measure.ts';
import { readAccounts } from './floors.ts';
import { withRatios, type Row } from './rows.ts';

const CONCURRENCY = 8;
const PANEL = `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: hosting }
spec: { type: openpanel, url: { env: OP_URL }, auth: { username: admin, password: { env: OP_PASS } }, limits: { concurrency: ${CONCURRENCY}, requestsPerSecond: 0 } }
`;

/**
 * OpenPanel accounts. The OpenAdmin API lists no accounts, so a plan reads each one: the
 * floor here is those same reads in a bare loop, and a plan cannot beat the baseline by much.
 */
export async function measureHosting(n: number, progress: (line: string) => void): Promise<Row[]> {
  // Every measured plan is a process that logs in: more than the real burst of 5 (openpanel.md §9).
  const op = await startOpenPanelEmulator({ seed: 3, loginBucket: { burst: 1000, refillMs: 12_000 } });
  const dir = await tempDir('panelops-bench-op-');
  try {
    op.seedAccounts(n, { prefix: 'site' });
    const manifests = join(dir.path, 'm');
    const stateDir = join(dir.path, 'state');
    const env = { OP_URL: op.url, OP_PASS: 'sandbox-op-pass', OP_NEW_PASSWORD: 'Bench-Pa55word-2026!' };
    await writeFiles(manifests, { 'panel.yaml': PANEL });
    progress(`${n}: importing the accounts as manifests`);
    const loaded = await loadManifests({ dir: manifests, registry: defaultRegistry(), env });
    const panel = loaded.panels[0];
    if (!panel) throw new Error('bench: the OpenPanel manifest did not load');
    // The API lists no accounts: the operator names them (here, every seeded one).
    const accounts = [...op.state.accounts.values()].map((a) => a.username);
    const names = [...op.state.accounts.values()].map((a) => a.plain);
    await runImport({ panel, manifests: loaded, out: manifests, state: new LocalState(stateDir), adopt: true, kinds: ['Plan', 'Account'], names }, { registry: defaultRegistry(), logger: silentLogger() });

    const readAll = (concurrency: number) => readAccounts(op.url, accounts, concurrency);

    progress(`${n}: floor and baseline`);
    let before = op.counters.total();
    let t = performance.now();
    await readAll(CONCURRENCY);
    const floor: Row = { fleet: 'hosting', objects: n, measure: 'floor', seconds: (performance.now() - t) / 1000, requests: op.counters.total() - before, notes: `one read per account at concurrency ${CONCURRENCY}` };
    before = op.counters.total();
    t = performance.now();
    await readAll(10);
    const baseline: Row = { fleet: 'hosting', objects: n, measure: 'baseline', seconds: (performance.now() - t) / 1000, requests: op.counters.total() - before };

    progress(`${n}: no-op and 1% drift plans`);
    before = op.counters.total();
    let noopRequests = 0;
    const noop = await medianPlan([manifests, stateDir], env, () => (noopRequests = op.counters.total() - before));
    // Drift an operator would fix: accounts moved to another plan behind panelops' back.
    const pro = op.state.planByName('pro');
    if (!pro) throw new Error('bench: the OpenPanel emulator has no "pro" plan');
    [...op.state.accounts.values()].slice(0, Math.max(1, n / 100)).forEach((a) => (a.planId = pro.id));
    before = op.counters.total();
    let driftRequests = 0;
    const drift = await medianPlan([manifests, stateDir], env, () => (driftRequests = op.counters.total() - before));

    const fresh = n / 10;
    progress(`${n}: apply ${fresh} new accounts`);
    await writeFiles(manifests, {
      'new-accounts.json': JSON.stringify({
        apiVersion: 'openpanel.panelops.io/v1',
        kind: 'AccountList',
        spec: { defaults: { plan: 'basic', password: { env: 'OP_NEW_PASSWORD' } }, items: Array.from({ length: fresh }, (_, i) => ({ name: `fresh${i}`, email: `fresh${i}@example.com` })) },
      }),
    });
    const applied = await measureApply('hosting:Account/fresh*', { manifests, stateDir }, env, () => op.counters.writes());
    const apply: Row = {
      fleet: 'hosting',
      objects: fresh,
      measure: 'apply 10% new',
      seconds: applied.seconds,
      requests: applied.writes,
      notes: `accounts, exit ${String(applied.exit)}; OpenPanel has no bulk endpoint: ${(applied.writes / fresh).toFixed(1)} writes per account`,
    };
    const planRow = (measure: Row['measure'], m: typeof noop, requests: number): Row => ({
      fleet: 'hosting',
      objects: n,
      measure,
      seconds: m.seconds,
      requests,
      rssMiB: m.rssMiB,
      notes: `median of 3; changes ${m.changes}; one read per account, ${CONCURRENCY} at a time`,
    });
    return [...withRatios([planRow('no-op plan', noop, noopRequests), planRow('1% drift plan', drift, driftRequests)], baseline, floor), apply];
  } finally {
    await op.close();
    await dir.cleanup();
  }
}
