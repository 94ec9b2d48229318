/**
 * Remnawave figures (`tsx test/bench/remnawave.ts [users] [emulated users]`): a no-op plan against
 * the floor (the same routes and stream pages read by a bare loop), its requests and peak RSS, on
 * a real panel named by PANELOPS_REAL_PANELS (users seeded under a run prefix and removed after)
 * and on the emulator; and the requests of an apply per created user. Prints a Markdown table.
 */
import { startRemnawaveEmulator } from '../../controller/emulators/remnawave/index.ts';
import { createUser } from '../../controller/emulators/remnawave/user-write.ts';
import { PROXY, remnawaveApi } from '../helpers/remnawave-api.ts';
import { remnawavePanel } from '../lane/remnawave/panel.ts';
import { laneWorld } from '../lane/world.ts';
import { realTargets, type LaneTarget } from '../lane/target.ts';
import { medianPlan, pool } from './measure.ts';

const [realUsers = 3000, emulatedUsers = 20_000] = process.argv.slice(2).map(Number);
const rows: string[] = ['| panel | users | floor s | no-op plan s | of which reading manifests s | plan beyond reading manifests / floor | plan requests | peak RSS MiB |', '|---|---|---|---|---|---|---|---|'];

/** The routes a no-op plan reads, read by a bare loop that keeps nothing. */
async function floorOnce(target: LaneTarget): Promise<number> {
  const started = performance.now();
  const get = async (path: string) => (await fetch(`${target.url}${path}`, { headers: { ...PROXY, authorization: `Bearer ${target.auth.token ?? ''}` } })).text();
  await get('/api/system/metadata');
  await Promise.all(['/api/config-profiles', '/api/internal-squads', '/api/nodes', '/api/hosts'].map(get));
  let cursor = '';
  for (;;) {
    const page = JSON.parse(await get(`/api/users/stream?size=1000${cursor ? `&cursor=${cursor}` : ''}`)) as { response: { nextCursor: string | null; hasMore: boolean } };
    if (!page.response.hasMore || !page.response.nextCursor) break;
    cursor = page.response.nextCursor;
  }
  return (performance.now() - started) / 1000;
}

async function measure(label: string, target: LaneTarget, users: number, requests: () => number | undefined): Promise<void> {
  const world = await laneWorld(remnawavePanel, target);
  try {
    await world.write({});
    const imported = await world.importNarrowed([`User/${target.prefix}*`]);
    if (imported.code !== 0) throw new Error(`import: ${imported.stderr}`);
    const before = requests();
    let planRequests: number | undefined;
    const plan = await medianPlan([world.manifests, world.stateDir], world.env, () => {
      const after = requests();
      planRequests = after !== undefined && before !== undefined ? after - before : undefined;
    });
    if (plan.changes !== 0) throw new Error(`${label}: the no-op plan has ${plan.changes} changes`);
    const floors = [await floorOnce(target), await floorOnce(target), await floorOnce(target)].sort((a, b) => a - b);
    const floor = floors[1] ?? 0;
    const beyond = plan.seconds - plan.loadSeconds;
    rows.push(`| ${label} | ${users} | ${floor.toFixed(2)} | ${plan.seconds.toFixed(2)} | ${plan.loadSeconds.toFixed(2)} | ${(beyond / floor).toFixed(2)}x | ${planRequests ?? 'n/a'} | ${plan.rssMiB} |`);
  } finally {
    await world.close();
  }
}

// Emulated: users written straight into the emulator's state, requests counted by it.
const emu = await startRemnawaveEmulator({ seed: 3 });
for (let i = 0; i < emulatedUsers; i++) createUser(emu.state, { username: `em${i}`, expireAt: '2031-01-01T00:00:00Z', trafficLimitBytes: (i % 50) * 2 ** 30 });
await measure('emulator 3.3.2', { where: 'emulator', type: 'remnawave', version: '3.3.2', url: emu.url, auth: { token: emu.apiToken }, prefix: 'em', close: async () => {} }, emulatedUsers, () => emu.counters.total());

// Requests per created user: an apply of 1,000 new users on the emulator.
const created = await laneWorld(remnawavePanel, { where: 'emulator', type: 'remnawave', version: '3.3.2', url: emu.url, auth: { token: emu.apiToken }, prefix: 'nw', close: async () => {} });
await created.write({ 'new.yaml': `apiVersion: remnawave.panelops.io/v1\nkind: UserList\nspec:\n  defaults: { dataLimit: 10GiB, expire: 2031-01-01 }\n  items: [${Array.from({ length: 1000 }, (_, i) => `{ name: nw${i} }`).join(', ')}]\n` });
const beforeApply = emu.counters.total();
const applied = await created.apply();
const perUser = (emu.counters.total() - beforeApply) / 1000;
await created.close();
await emu.close();

for (const target of realTargets('remnawave', 'bn')) {
  const api = remnawaveApi(target.url, target.auth.token ?? '');
  const ids: number[] = [];
  try {
    await pool(Array.from({ length: realUsers }, (_, i) => i), 8, async (i) => {
      const u = await api.call<{ id: number }>('POST', '/api/users', { username: `${target.prefix}${i}`, expireAt: '2031-01-01T00:00:00Z', trafficLimitBytes: (i % 50) * 2 ** 30 });
      ids.push(u.id);
    });
    await measure(`real ${target.version}`, target, realUsers, () => undefined);
  } finally {
    await pool(ids, 8, async (id) => void (await api.raw('DELETE', `/api/users/${id}`)));
  }
}

const out = `${rows.join('\n')}\n\nApply of 1,000 new users on the emulator: exit ${String(applied.code)}, ${perUser.toFixed(3)} requests per created user.\n`;
process.stdout.write(out);
