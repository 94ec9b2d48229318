import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { createTestDatabase, type TestDatabase } from '../state/postgres-database.ts';
import { eventually, startController } from './controller-process.ts';

const panel = (name: string, env: string) => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: ${name} }
spec:
  type: marzban
  url: { env: ${env}_URL }
  auth: { username: { env: MZ_USER }, password: { env: MZ_PASS } }
  limits: { requestsPerSecond: 0 }
`;
const users = (panelName: string, names: string[]) => `apiVersion: marzban.panelops.io/v1
kind: UserList
metadata: { panel: ${panelName} }
spec:
  defaults: { proxies: { vmess: {} } }
  items: [${names.map((n) => `{ name: ${n} }`).join(', ')}]
`;

type Status = { replica: string; leases?: Record<string, string | undefined> };
const statusOf = async (url: string) => (await (await fetch(`${url}/status`)).json()) as Status;

/** Two `panelops run` replicas on the same manifests, sharing one PostgreSQL state. */
describe('controller replicas', () => {
  let east: MarzbanEmulator;
  let west: MarzbanEmulator;
  let db: TestDatabase;
  let dir: { path: string; cleanup(): Promise<void> };
  let replicas: Array<Awaited<ReturnType<typeof startController>>>;
  const manifests = () => join(dir.path, 'manifests');
  const fleet = (extra: string[] = []) =>
    writeFiles(manifests(), {
      'east.yaml': panel('east', 'EAST'),
      'west.yaml': panel('west', 'WEST'),
      'east-users.yaml': users('east', ['east_one', ...extra]),
      'west-users.yaml': users('west', ['west_one', ...extra]),
    });

  beforeAll(async () => {
    [east, west] = await Promise.all([startMarzbanEmulator({ seed: 31 }), startMarzbanEmulator({ seed: 32 })]);
    db = await createTestDatabase('replicas');
    dir = await tempDir();
    await fleet();
    const env = { EAST_URL: east.url, WEST_URL: west.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass', PANELOPS_STATE: db.url };
    replicas = await Promise.all(
      ['replica-a', 'replica-b'].map((name) => startController(['--source', manifests(), '--interval', '1s', '--listen', '127.0.0.1:0', '--replica', name], env)),
    );
  }, 120_000);
  afterAll(async () => {
    for (const r of replicas ?? []) r.child.kill('SIGTERM');
    await Promise.all((replicas ?? []).map((r) => r.exited));
    await Promise.all([east?.close(), west?.close()]);
    await db?.drop();
    await dir?.cleanup();
  });

  it('spread the panels one each, and the survivor takes over the panel of a replica that dies', async () => {
    // Each panel is leased by exactly one replica, and each replica holds one.
    const spread = await eventually(async () => {
      const [a, b] = await Promise.all(replicas.map((r) => statusOf(r.url)));
      const leases = a?.leases ?? {};
      expect(b?.leases).toEqual(leases);
      expect(new Set(Object.values(leases))).toEqual(new Set(['replica-a', 'replica-b']));
      // A replica reports its lease as soon as it claims it, before that reconcile's apply ends.
      expect(east.state.findUser('east_one')).toBeDefined();
      expect(west.state.findUser('west_one')).toBeDefined();
      return leases;
    }, 60_000, 250);

    const names = await Promise.all(replicas.map(async (r) => (await statusOf(r.url)).replica));
    const victim = replicas[names.indexOf(spread.east ?? '')];
    const survivor = replicas.find((r) => r !== victim);
    if (!victim || !survivor) throw new Error('two replicas expected');
    const victimName = spread.east ?? '';
    victim.child.kill('SIGKILL');
    await victim.exited;
    await fleet(['added_after_kill']);
    await eventually(async () => {
      expect(east.state.findUser('added_after_kill')).toBeDefined();
      expect(west.state.findUser('added_after_kill')).toBeDefined();
    }, 30_000, 250);
    const after = await statusOf(survivor.url);
    expect(after.leases?.east).toBe(after.replica);
    expect(after.leases?.west).toBe(after.replica);
    expect(after.replica).not.toBe(victimName);
    const metrics = await (await fetch(`${survivor.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`panelops_panel_lease\\{panel="east",replica="${after.replica}"\\} 1`));
  }, 120_000);
});
