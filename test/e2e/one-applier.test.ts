import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { eventually, startController } from '../controller/controller-process.ts';
import { marzbanApi, type ApiUser } from '../helpers/marzban-api.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const users = (items: string[]) => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { proxies: { vless: {} } }
  items: [${items.join(', ')}]
`;

interface Status {
  lastReconcile?: { result: string };
  panels: Record<string, { mode: string; changes: Record<string, number>; applied?: { succeeded: number } }>;
}

/** The controller on the manifest directory until its first reconcile ends, then stopped. */
async function reconcileOnce(manifests: string, stateDir: string, env: Record<string, string>, extra: string[] = []): Promise<Status> {
  const controller = await startController(['--source', manifests, '--state-dir', stateDir, '--interval', '1h', '--listen', '127.0.0.1:0', ...extra], env);
  try {
    return await eventually(async () => {
      const status = (await (await fetch(`${controller.url}/status`)).json()) as Status;
      if (!status.lastReconcile) throw new Error('no reconcile yet');
      return status;
    }, 60_000);
  } finally {
    controller.child.kill('SIGTERM');
    await controller.exited;
  }
}

/** A saved plan meets a panel where the controller, following the same branch, got there first. */
describe('one applier per branch: a saved plan after the controller', { timeout: 180_000 }, () => {
  let emu: MarzbanEmulator;
  let root: { path: string; cleanup(): Promise<void> };
  let env: Record<string, string>;
  const manifests = () => join(root.path, 'manifests');
  const stateDir = () => join(root.path, 'state');
  // Writes to the panel's objects: a login is a POST too, and every run logs in.
  const writes = () => emu.counters.writes() - (emu.counters.snapshot()['POST /api/admin/token'] ?? 0);

  beforeAll(async () => {
    emu = await startMarzbanEmulator({ seed: 3 });
    root = await tempDir();
    env = { MZ_URL: emu.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass' };
    await writeFiles(manifests(), { 'panel.yaml': marzbanPanel(), 'users.yaml': users(['{ name: kept_user, dataLimit: 10GiB }']) });
    const first = await runCli(['apply', '-f', manifests(), '--state-dir', stateDir(), '--auto-approve'], env);
    expect(first.code, first.stderr).toBe(0);
  });
  afterAll(async () => {
    await emu?.close();
    await root?.cleanup();
  });

  it('applies as a no-op, exit 0, "already applied", when every planned change already holds', async () => {
    await writeFiles(manifests(), { 'users.yaml': users(['{ name: kept_user, dataLimit: 20GiB }', '{ name: merged_user }']) });
    const planned = await runCli(['plan', '-f', manifests(), '--state-dir', stateDir(), '--out', join(root.path, 'plan.json')], env);
    expect(planned.code, planned.stderr).toBe(2);
    // The merge reaches the controller first: it applies the same change.
    const status = await reconcileOnce(manifests(), stateDir(), env);
    expect(status.lastReconcile?.result).toBe('succeeded');
    expect(status.panels.mz?.applied?.succeeded).toBe(2);
    const before = writes();
    const applied = await runCli(['apply', join(root.path, 'plan.json'), '-f', manifests(), '--state-dir', stateDir()], env);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain('is already applied');
    expect(applied.stderr).not.toContain('stale');
    expect(writes()).toBe(before);
    const api = await marzbanApi(emu.url);
    expect((await api.get<ApiUser>('/api/user/kept_user')).data_limit).toBe(20 * 2 ** 30);
  });

  it('is still stale when the panel holds something else than planned (a real conflict)', async () => {
    await writeFiles(manifests(), { 'users.yaml': users(['{ name: kept_user, dataLimit: 30GiB }', '{ name: merged_user }']) });
    const planned = await runCli(['plan', '-f', manifests(), '--state-dir', stateDir(), '--out', join(root.path, 'plan2.json')], env);
    expect(planned.code, planned.stderr).toBe(2);
    const api = await marzbanApi(emu.url);
    const live = await api.get<ApiUser>('/api/user/kept_user');
    await api.send('PUT', '/api/user/kept_user', { data_limit: 40 * 2 ** 30, proxies: live.proxies, inbounds: live.inbounds });
    const before = writes();
    const applied = await runCli(['apply', join(root.path, 'plan2.json'), '-f', manifests(), '--state-dir', stateDir()], env);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(/the saved plan .*plan2\.json is stale[\s\S]*mz User\/kept_user: changed on the panel since the plan was made/);
    expect(writes()).toBe(before);
  });

  it('leaves the applying to CI under run --observe: the change is reported, nothing written', async () => {
    const before = writes();
    const status = await reconcileOnce(manifests(), stateDir(), env, ['--observe']);
    expect(status.panels.mz?.mode).toBe('observe');
    expect(status.panels.mz?.changes.update).toBe(1);
    expect(writes()).toBe(before);
  });
});
