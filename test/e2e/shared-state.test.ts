import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { runCli, startCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { adminClient, createTestDatabase, type TestDatabase } from '../state/postgres-database.ts';

const CANARY = 'Canary-pg-Pw9x!s3cret';

const users = (names: string[]) => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { proxies: { vmess: {} } }
  items: [${names.map((n) => `{ name: ${n} }`).join(', ')}]
`;
const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/**
 * CI runners and a controller share nothing but the PostgreSQL state and the panels: every
 * "machine" here is its own process with its own empty working directory and no state files.
 */
describe('shared state in PostgreSQL', () => {
  let emu: MarzbanEmulator;
  let db: TestDatabase;
  let url: string;
  let dir: { path: string; cleanup(): Promise<void> };
  let env: Record<string, string>;
  /** Users earlier tests of this file made on the shared panel: every later machine keeps them, so nothing is pruned. */
  const earlier: string[] = [];
  const machine = async (name: string, files: Record<string, string>, shared = true) => {
    const root = join(dir.path, name);
    await writeFiles(join(root, 'manifests'), { 'panel.yaml': marzbanPanel(), ...(shared && earlier.length ? { 'earlier.yaml': users(earlier) } : {}), ...files });
    // Each machine has its own state directory, which must stay empty: the state is the database.
    return { manifests: join(root, 'manifests'), stateDir: join(root, 'state') };
  };

  beforeAll(async () => {
    emu = await startMarzbanEmulator({ seed: 21, faults: { latencyMs: 5 } });
    db = await createTestDatabase('shared_state');
    url = await db.urlFor('panelops_ci', CANARY);
    dir = await tempDir();
    env = { MZ_URL: emu.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass', PANELOPS_STATE: url };
  }, 120_000);
  afterAll(async () => {
    await emu?.close();
    await db?.drop();
    await dir?.cleanup();
  });

  it('runner A applies; runner B, a fresh checkout with no local files, plans no change', async () => {
    const a = await machine('runner-a', { 'u.yaml': users(['shared_1', 'shared_2']) });
    const applied = await runCli(['apply', '-f', a.manifests, '--auto-approve'], env);
    expect(applied.code, applied.stderr).toBe(0);
    const b = await machine('runner-b', { 'u.yaml': users(['shared_1', 'shared_2']) });
    const plan = await runCli(['plan', '-f', b.manifests], env);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain('no changes');
    // Runner B's plan, saved and applied by runner C, after B's manifests grew.
    await writeFiles(b.manifests, { 'u.yaml': users(['shared_1', 'shared_2', 'shared_3']) });
    const planFile = join(dir.path, 'runner-b', 'plan.json');
    expect((await runCli(['plan', '-f', b.manifests, '--out', planFile], env)).code).toBe(2);
    const c = await machine('runner-c', { 'u.yaml': users(['shared_1', 'shared_2', 'shared_3']) });
    const savedApply = await runCli(['apply', planFile, '-f', c.manifests], env);
    expect(savedApply.code, savedApply.stderr).toBe(0);
    expect(emu.state.findUser('shared_3')).toBeDefined();
    for (const m of ['runner-a', 'runner-b', 'runner-c']) await expect(readFile(join(dir.path, m, 'state', 'mz.json'))).rejects.toThrow();
    earlier.push('shared_1', 'shared_2', 'shared_3');
  }, 120_000);

  it('a second apply waits for the first; SIGKILL of the holder frees the lock, and the journal converges with no duplicate and no delete', async () => {
    const names = many('killed_', 300);
    const a = await machine('apply-a', { 'u.yaml': users(names) });
    const b = await machine('apply-b', { 'u.yaml': users(names) });
    emu.counters.startLog();
    const isWrite = (r: { method: string; pattern: string }) => r.method !== 'GET' && r.pattern !== '/api/admin/token';
    // Slow writes, so the first run is still at work when the second reaches the lock.
    emu.faults.configure({ latencyMs: 150 });
    const first = startCli(['apply', '-f', a.manifests, '--auto-approve'], env);
    const writesOf = (pid: number | undefined) => (emu.counters.log ?? []).filter((r) => isWrite(r) && r.agent.includes(`pid ${pid}`));
    await until(() => writesOf(first.child.pid).length >= 20, 60_000);
    const second = startCli(['apply', '-f', b.manifests, '--auto-approve', '--lock-timeout', '60'], env);
    await until(() => second.output().includes('Waiting for the lock on mz'), 30_000);
    const killedAt = performance.now();
    first.child.kill('SIGKILL');
    emu.faults.configure({ latencyMs: 5 });
    const result = await second.done;
    expect(result.code, result.stderr).toBe(0);
    const secondWrites = writesOf(second.child.pid);
    expect(secondWrites.length).toBeGreaterThan(0);
    // The second run wrote nothing while the first held the panel.
    expect(secondWrites.every((w) => w.at > killedAt)).toBe(true);
    const plan = await runCli(['plan', '-f', b.manifests], env);
    expect(plan.code, plan.stdout).toBe(0);
    const created = names.filter((n) => emu.state.findUser(n));
    expect(created).toHaveLength(names.length);
    expect(emu.counters.get('DELETE', '/api/user/:username')).toBe(0);
    earlier.push(...names);
  }, 180_000);

  it('a lock connection lost mid-apply stops the writes to that panel and fails the run, naming the lost lock', async () => {
    const names = many('lost_', 200);
    const m = await machine('lost-lock', { 'u.yaml': users(names) });
    emu.faults.configure({ latencyMs: 100 });
    emu.counters.startLog();
    const run = startCli(['apply', '-f', m.manifests, '--auto-approve'], env);
    const writes = () => (emu.counters.log ?? []).filter((r) => r.method === 'POST' && r.pattern === '/api/user' && r.agent.includes(`pid ${run.child.pid}`)).length;
    await until(() => writes() >= 10, 60_000);
    const admin = await adminClient(db.name);
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'panelops lock'");
    await admin.end();
    const result = await run.done;
    emu.faults.configure({ latencyMs: 5 });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('the state lock on panel mz was lost');
    // Writes already in flight may finish; nothing new starts once the lock is gone.
    expect(writes()).toBeLessThan(names.length);
    // The next run, with the lock, settles what the interrupted one sent.
    const again = await runCli(['apply', '-f', m.manifests, '--auto-approve'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(names.every((n) => emu.state.findUser(n))).toBe(true);
    expect((await runCli(['plan', '-f', m.manifests], env)).code).toBe(0);
    earlier.push(...names);
  }, 180_000);

  it('migrates local → PostgreSQL → local with byte-identical inventories, and refuses a destination that owns objects', async () => {
    // A state of its own (files), apart from the shared one: it owns only these two.
    const local = await machine('migrate', { 'u.yaml': users(['moved_1', 'moved_2']) }, false);
    const envLocal = { ...env, PANELOPS_STATE: '' };
    expect((await runCli(['apply', '-f', local.manifests, '--state-dir', local.stateDir, '--auto-approve'], envLocal)).code).toBe(0);
    const fresh = await createTestDatabase('migrate');
    try {
      const there = await runCli(['state', 'migrate', '--from', local.stateDir, '--to', fresh.url], envLocal);
      expect(there.code, there.stderr).toBe(0);
      const back = join(dir.path, 'migrate', 'back');
      const home = await runCli(['state', 'migrate', '--from', fresh.url, '--to', back], envLocal);
      expect(home.code, home.stderr).toBe(0);
      expect(await readFile(join(back, 'mz.json'), 'utf8')).toBe(await readFile(join(local.stateDir, 'mz.json'), 'utf8'));
      // The history went there and back too: the same entries, in the same order.
      const historyOf = async (where: string[]) => {
        const shown = await runCli(['history', ...where, '--format', 'json'], envLocal);
        expect(shown.code, shown.stderr).toBe(0);
        return (JSON.parse(shown.stdout) as { entries: unknown[] }).entries;
      };
      const before = await historyOf(['--state-dir', local.stateDir]);
      expect(before.length).toBeGreaterThanOrEqual(2);
      expect(await historyOf(['--state', fresh.url])).toEqual(before);
      expect(await historyOf(['--state-dir', back])).toEqual(before);
      expect(there.stdout).toContain(`${before.length} history entries copied`);
      const again = await runCli(['state', 'migrate', '--from', local.stateDir, '--to', fresh.url], envLocal);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('refusing to overwrite');
    } finally {
      await fresh.drop();
    }
  }, 120_000);

  it('the password of the state URL appears in no output, log or error', async () => {
    const m = await machine('canary', { 'u.yaml': users(['canary_user']) });
    const outputs = [
      await runCli(['--log-level', 'debug', 'plan', '-f', m.manifests], env),
      await runCli(['--log-level', 'debug', 'state', 'list'], env),
      // A database that does not exist: the error names the server, not the password.
      await runCli(['state', 'list'], { ...env, PANELOPS_STATE: url.replace(/\/[^/]+$/, '/no_such_db') }),
      // A wrong password: refused, and the attempt does not echo it.
      await runCli(['state', 'list'], { ...env, PANELOPS_STATE: url.replace(encodeURIComponent(CANARY), `${encodeURIComponent(CANARY)}x`) }),
    ];
    expect(outputs[2]?.code).toBe(1);
    expect(outputs[3]?.code).toBe(1);
    for (const o of outputs) {
      const text = o.stdout + o.stderr;
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(encodeURIComponent(CANARY));
    }
    expect(outputs[1]?.stdout).toMatch(/State: PostgreSQL postgres:\/\/panelops_ci@127.0.0.1/);
  }, 120_000);
});

async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
