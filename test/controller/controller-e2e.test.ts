import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { marzbanApi } from '../helpers/marzban-api.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { eventually, startController } from './controller-process.ts';
import { TempRepo } from './git-repo.ts';

const SECRET = 'webhook-test-secret';
const users = (names: string[]) => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { proxies: { vless: {} }, dataLimit: 10GiB }
  items: [${names.map((n) => `{ name: ${n} }`).join(', ')}]
`;
const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

describe('panelops run against a git repository and an emulator', () => {
  let emu: MarzbanEmulator;
  let root: { path: string; cleanup(): Promise<void> };
  let repo: TempRepo;
  let controller: Awaited<ReturnType<typeof startController>>;
  const stateDir = () => join(root.path, 'state');
  const exists = (name: string) => emu.state.findUser(name) !== undefined;
  const webhook = (body: string, signature: string) =>
    fetch(`${controller.url}/hooks/git`, { method: 'POST', headers: { 'x-hub-signature-256': signature, 'content-type': 'application/json' }, body });
  const metrics = async () => (await fetch(`${controller.url}/metrics`)).text();

  beforeAll(async () => {
    emu = await startMarzbanEmulator({ seed: 2 });
    root = await tempDir();
    repo = await TempRepo.init(join(root.path, 'repo'));
    await repo.commit({ 'fleet/panel.yaml': marzbanPanel(), 'fleet/users.yaml': users(['first_user']) }, 'initial fleet');
    controller = await startController(
      ['--source', `file://${repo.dir}`, '--branch', 'main', '--path', 'fleet', '--interval', '3s', '--listen', '127.0.0.1:0', '--state-dir', stateDir()],
      { MZ_URL: emu.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass', PANELOPS_WEBHOOK_SECRET: SECRET },
    );
  });
  afterAll(async () => {
    controller.child.kill('SIGKILL');
    await emu.close();
    await root.cleanup();
  });

  it('applies the branch head, then a new commit within one interval', async () => {
    await eventually(async () => expect(exists('first_user')).toBe(true), 10_000);
    expect((await fetch(`${controller.url}/readyz`)).status).toBe(200);
    await repo.commit({ 'fleet/users.yaml': users(['first_user', 'second_user']) }, 'add a user');
    const committed = Date.now();
    await eventually(async () => expect(exists('second_user')).toBe(true), 8_000);
    // Picked up by the next interval tick (3 s plus at most 10% jitter), before a second one would come.
    expect(Date.now() - committed).toBeLessThan(2 * 3_000 + 300);
  });

  it('fetches at once on a signed webhook and refuses a bad signature', async () => {
    await repo.commit({ 'fleet/users.yaml': users(['first_user', 'second_user', 'hooked_user']) }, 'webhook');
    const body = '{"ref":"refs/heads/main"}';
    expect((await webhook(body, 'sha256=deadbeef')).status).toBe(401);
    const sent = Date.now();
    expect((await webhook(body, sign(body))).status).toBe(202);
    await eventually(async () => expect(exists('hooked_user')).toBe(true), 1_000, 20);
    expect(Date.now() - sent).toBeLessThan(1_000);
  });

  it('reports drift injected into the panel in /metrics and heals it', async () => {
    const api = await marzbanApi(emu.url);
    await api.send('PUT', '/api/user/second_user', { data_limit: 1 });
    await eventually(async () => {
      expect((await api.get<{ data_limit: number }>('/api/user/second_user')).data_limit).toBe(10 * 2 ** 30);
      expect(await metrics()).toMatch(/panelops_apply_operations_total\{panel="mz",kind="User",action="update",result="succeeded"\} [1-9]/);
    }, 8_000);
    expect(await metrics()).toMatch(/panelops_drift_objects\{panel="mz",kind="User"\} \d/);
  });

  it('keeps the panel untouched on an invalid commit and shows the error in /status and /metrics', async () => {
    await eventually(async () => expect(controller.output()).toMatch(/"msg":"reconciled"/), 5_000);
    emu.counters.reset();
    await repo.commit({ 'fleet/users.yaml': `${users(['first_user'])}  colour: blue\n` }, 'broken');
    const body = '{}';
    await webhook(body, sign(body));
    await eventually(async () => {
      const status = (await (await fetch(`${controller.url}/status`)).json()) as { errors: string[]; lastReconcile: { result: string } };
      expect(status.lastReconcile.result).toBe('invalid');
      expect(status.errors.join('\n')).toMatch(/users\.yaml:\d+:\d+: \/spec\/colour: unknown field "colour"/);
    }, 5_000);
    expect(await metrics()).toMatch(/panelops_reconcile_total\{panel="",result="invalid"\} [1-9]/);
    expect(emu.counters.writes() - emu.counters.get('POST', '/api/admin/token')).toBe(0);
    expect(exists('hooked_user')).toBe(true);
  });

  it('finishes in-flight operations on SIGTERM, saves state and exits 0', async () => {
    emu.faults.configure({ latencyMs: 15 });
    const many = Array.from({ length: 120 }, (_, i) => `bulk_${i}`);
    await repo.commit({ 'fleet/users.yaml': users(['first_user', 'second_user', 'hooked_user', ...many]) }, 'many users');
    const body = '{}';
    await webhook(body, sign(body));
    await eventually(async () => expect(many.some(exists)).toBe(true), 10_000, 20);
    controller.child.kill('SIGTERM');
    expect(await controller.exited).toBe(0);
    const state = JSON.parse(await readFile(join(stateDir(), 'mz.json'), 'utf8')) as { objects: Record<string, unknown> };
    const created = many.filter(exists);
    expect(created.length).toBeGreaterThan(0);
    for (const name of created) expect(state.objects[`User/${name}`], name).toBeDefined();
    expect(existsSync(join(stateDir(), 'mz.journal'))).toBe(false);
  });
});
