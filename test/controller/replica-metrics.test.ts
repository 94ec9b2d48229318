import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { createTestDatabase, type TestDatabase } from '../state/postgres-database.ts';
import { eventually, startController } from './controller-process.ts';

const panel = (name: string) => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: ${name} }
spec:
  type: marzban
  url: { env: ${name.toUpperCase()}_URL }
  auth: { username: { env: MZ_USER }, password: { env: MZ_PASS } }
  limits: { requestsPerSecond: 0 }
`;
const users = (panelName: string) => `apiVersion: marzban.panelops.io/v1
kind: UserList
metadata: { panel: ${panelName} }
spec:
  defaults: { proxies: { vmess: {} } }
  items: [{ name: ${panelName}_one }]
`;

type Status = { replica: string; leases?: Record<string, string | undefined> };
const statusOf = async (url: string) => (await (await fetch(`${url}/status`)).json()) as Status;
/** The panels a scrape reports per-panel series for (lease info aside, which names every panel by design). */
const panelsIn = async (url: string): Promise<string[]> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  const panels = new Set<string>();
  for (const m of text.matchAll(/^panelops_(?:panel_up|drift_objects|managed_objects|unmanaged_objects|last_success_timestamp_seconds|reconcile_total|guard_blocked_total)\{[^}]*panel="([^"]+)"/gm)) panels.add(m[1]!);
  return [...panels].sort();
};

/** A replica hands a panel over when another joins: from then on only the holder exports it. */
describe('metrics of controller replicas', { timeout: 150_000 }, () => {
  let north: MarzbanEmulator;
  let south: MarzbanEmulator;
  let db: TestDatabase;
  let dir: { path: string; cleanup(): Promise<void> };
  const replicas: Array<Awaited<ReturnType<typeof startController>>> = [];
  let env: Record<string, string>;
  const start = async (name: string) => {
    const r = await startController(['--source', join(dir.path, 'manifests'), '--interval', '1s', '--listen', '127.0.0.1:0', '--replica', name], env);
    replicas.push(r);
    return r;
  };

  beforeAll(async () => {
    [north, south] = await Promise.all([startMarzbanEmulator({ seed: 41 }), startMarzbanEmulator({ seed: 42 })]);
    db = await createTestDatabase('replica_metrics');
    dir = await tempDir();
    await writeFiles(join(dir.path, 'manifests'), { 'north.yaml': panel('north'), 'south.yaml': panel('south'), 'north-users.yaml': users('north'), 'south-users.yaml': users('south') });
    env = { NORTH_URL: north.url, SOUTH_URL: south.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass', PANELOPS_STATE: db.url };
  }, 120_000);
  afterAll(async () => {
    for (const r of replicas) r.child.kill('SIGTERM');
    await Promise.all(replicas.map((r) => r.exited));
    await Promise.all([north?.close(), south?.close()]);
    await db?.drop();
    await dir?.cleanup();
  });

  it('a replica that gives a panel back stops exporting its series; each panel is exported once', async () => {
    const first = await start('replica-a');
    await eventually(async () => expect(await panelsIn(first.url)).toEqual(['north', 'south']), 60_000, 250);
    const second = await start('replica-b');
    const leases = await eventually(async () => {
      const status = await statusOf(second.url);
      expect(new Set(Object.values(status.leases ?? {}))).toEqual(new Set(['replica-a', 'replica-b']));
      return status.leases ?? {};
    }, 60_000, 250);
    const held = (replica: string) => Object.keys(leases).filter((p) => leases[p] === replica);
    // Both scraped after the hand-over: each reports exactly the panel it holds.
    await eventually(async () => {
      expect(await panelsIn(first.url)).toEqual(held('replica-a'));
      expect(await panelsIn(second.url)).toEqual(held('replica-b'));
    }, 30_000, 250);
    const text = await (await fetch(`${first.url}/metrics`)).text();
    const given = held('replica-b')[0];
    expect(text).not.toMatch(new RegExp(`panelops_(panel_up|drift_objects)\\{[^}]*panel="${given}"`));
  });
});
