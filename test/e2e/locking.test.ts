import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const users = (prefix: string, n: number) => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { proxies: { vmess: {} } }
  items: [${Array.from({ length: n }, (_, i) => `{ name: ${prefix}${i} }`).join(', ')}]
`;

describe('panel locks', () => {
  let emu: MarzbanEmulator;
  let dir: { path: string; cleanup(): Promise<void> };
  let env: Record<string, string>;
  beforeAll(async () => {
    emu = await startMarzbanEmulator({ seed: 8, faults: { latencyMs: 25 } });
    dir = await tempDir();
    env = { MZ_URL: emu.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass' };
  });
  afterAll(async () => {
    await emu.close();
    await dir.cleanup();
  });

  it('two concurrent applies on one panel never interleave their writes', async () => {
    await writeFiles(join(dir.path, 'a'), { 'panel.yaml': marzbanPanel(), 'u.yaml': users('first', 400) });
    await writeFiles(join(dir.path, 'b'), { 'panel.yaml': marzbanPanel('{ adopt: true }'), 'u.yaml': `${users('first', 400)}`.replace('items: [', 'items: [{ name: second0 }, { name: second1 }, ') });
    emu.counters.startLog();
    const state = join(dir.path, 'state');
    const isWrite = (r: { method: string; pattern: string }) => r.method !== 'GET' && r.pattern !== '/api/admin/token';
    // The second run starts once the first is writing, so the two really overlap.
    const firstWriting = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if ((emu.counters.log ?? []).some(isWrite)) {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    const [a, b] = await Promise.all([
      runCli(['apply', '-f', join(dir.path, 'a'), '--auto-approve', '--state-dir', state], env),
      firstWriting.then(() => runCli(['apply', '-f', join(dir.path, 'b'), '--auto-approve', '--state-dir', state], env)),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const writes = (emu.counters.log ?? []).filter(isWrite);
    const agents = [...new Set(writes.map((w) => w.agent))];
    expect(agents).toHaveLength(2);
    // All writes of one run come before all writes of the other.
    const firstRun = writes.filter((w) => w.agent === agents[0]);
    const lastOfFirst = Math.max(...firstRun.map((w) => w.at));
    expect(writes.filter((w) => w.agent === agents[1]).every((w) => w.at > lastOfFirst)).toBe(true);
    expect(b.stderr).toContain('Waiting for the lock on mz');
  });

  it('names the holder after --lock-timeout, and reports a lock left by a dead process', async () => {
    const state = join(dir.path, 'state');
    await writeFile(join(state, 'mz.lock'), `${JSON.stringify({ pid: 2 ** 22 + 7, host: (await import('node:os')).hostname(), since: '2026-11-22T00:00:00Z', command: 'apply' })}\n`);
    const dead = await runCli(['apply', '-f', join(dir.path, 'a'), '--auto-approve', '--state-dir', state, '--lock-timeout', '1'], env);
    expect(dead.code).toBe(1);
    expect(dead.stderr).toContain('which is no longer running');
    expect(dead.stderr).toContain(`panelops state unlock mz --state-dir ${state}`);
    const unlock = await runCli(['state', 'unlock', 'mz', '--state-dir', state], env);
    expect(unlock.code).toBe(0);
    await writeFile(join(state, 'mz.lock'), `${JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), since: '2026-11-22T00:00:00Z', command: 'run', revision: 'abc123' })}\n`);
    const busy = await runCli(['apply', '-f', join(dir.path, 'a'), '--auto-approve', '--state-dir', state, '--lock-timeout', '1'], env);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(`locked by pid ${process.pid}`);
    expect(busy.stderr).toContain('revision abc123');
  });
});
