/**
 * Bench: N Marzban users (emulated) imported as subscribers and placed on an emulated 3x-ui,
 * in one process: import, the first plan, the apply, and the no-op plan after it, beside a
 * floor that fetches both panels' lists in a bare loop. `npx tsx test/bench/fleet-migration.ts`
 * (FLEET_BENCH_N, default 10000). Not part of npm test.
 */
import { startFleetWorld } from '../helpers/fleet-world.ts';
import { XUI_TOKEN } from '../helpers/xui-fixture.ts';

const N = Number(process.env.FLEET_BENCH_N ?? 10_000);
const seconds = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
  const started = performance.now();
  const value = await fn();
  return [(performance.now() - started) / 1000, value];
};

const w = await startFleetWorld();
try {
  w.marzban.seedUsers(N, { prefix: 'sub' });
  // 3x-ui has no traffic reset period (the plan would refuse these): the seeded users get none.
  for (const u of w.marzban.state.users.values()) u.data_limit_reset_strategy = 'no_reset';
  await w.write({});
  const [importS, imported] = await seconds(() => w.import({ panel: 'eu-1', placeOn: ['fi-2=vless-reality,trojan-tls'] }));
  if (imported.code !== 0) throw new Error(imported.stderr);
  const [planS, plan] = await seconds(() => w.plan());
  if (plan.code !== 2) throw new Error(plan.stderr.slice(0, 2000));
  const before = { mz: w.marzban.counters.total(), xui: w.xui.counters.total() };
  const [applyS, applied] = await seconds(() => w.apply());
  if (applied.code !== 0) throw new Error(applied.stdout.slice(-2000) + applied.stderr.slice(0, 2000));
  const requests = { mz: w.marzban.counters.total() - before.mz, xui: w.xui.counters.total() - before.xui };
  const [noopS, noop] = await seconds(() => w.plan());
  if (noop.code !== 0) throw new Error(noop.stdout.slice(0, 2000));
  const token = (await (await fetch(`${w.marzban.url}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'sandbox-admin-pass' }) })).json()) as { access_token: string };
  const [floorS] = await seconds(() =>
    Promise.all([
      fetch(`${w.marzban.url}/api/users?limit=${N + 1}`, { headers: { authorization: `Bearer ${token.access_token}` } }).then((r) => r.text()),
      fetch(`${w.xui.url}/panel/api/clients/list`, { headers: { authorization: `Bearer ${XUI_TOKEN}` } }).then((r) => r.text()),
    ]),
  );
  const migrated = Number(/subscribers: 0 in sync, (\d+) pending/.exec(plan.stdout)?.[1] ?? 0);
  console.log(JSON.stringify({
    subscribers: N,
    migrated,
    importSeconds: +importS.toFixed(2),
    firstPlanSeconds: +planS.toFixed(2),
    applySeconds: +applyS.toFixed(2),
    requestsPerMigrated: { marzban: +(requests.mz / migrated).toFixed(3), xui: +(requests.xui / migrated).toFixed(3) },
    noopPlanSeconds: +noopS.toFixed(2),
    floorSeconds: +floorS.toFixed(2),
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  }));
} finally {
  await w.close();
}
