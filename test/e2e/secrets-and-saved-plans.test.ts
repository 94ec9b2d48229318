import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaValidator } from '../../controller/manifest/validator.ts';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { marzbanApi } from '../helpers/marzban-api.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const CANARY = 'canary-Zq8vN3-do-not-print';

const manifests = `apiVersion: marzban.panelops.io/v1
kind: Admin
metadata: { name: reseller }
spec: { password: { env: RESELLER_PASS } }
---
apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { owner: reseller, proxies: { vless: {} } }
  items: [{ name: alice, dataLimit: 10GiB }, { name: bob }]
`;

describe('the CLI in a child process', () => {
  let emulator: MarzbanEmulator;
  let dir: { path: string; cleanup(): Promise<void> };
  let env: Record<string, string>;
  const files: string[] = [];

  beforeAll(async () => {
    emulator = await startMarzbanEmulator({ seed: 3 });
    dir = await tempDir();
    // The panel login password is the canary too: neither may leak.
    env = { MZ_URL: emulator.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass', RESELLER_PASS: CANARY };
    await writeFiles(join(dir.path, 'm'), { 'panel.yaml': marzbanPanel(), 'fleet.yaml': manifests });
  });
  afterAll(async () => {
    await emulator.close();
    await dir.cleanup();
  });

  const cli = (...args: string[]) => runCli([...args, '--state-dir', join(dir.path, 'state')], env);

  it('saves a JSON plan that validates against schemas/plan.schema.json', async () => {
    const planFile = join(dir.path, 'plan.json');
    const res = await runCli(['--log-level', 'debug', 'plan', '-f', join(dir.path, 'm'), '--format', 'json', '--out', planFile, '--state-dir', join(dir.path, 'state')], env);
    expect(res.code, res.stderr).toBe(2);
    files.push(res.stdout, res.stderr, await readFile(planFile, 'utf8'));
    const schema = JSON.parse(await readFile(join(import.meta.dirname, '../../schemas/plan.schema.json'), 'utf8')) as Record<string, unknown>;
    const plan = JSON.parse(res.stdout) as { panels: Array<{ operations: unknown[] }> };
    expect(new SchemaValidator().validate(schema, plan)).toEqual([]);
    expect(plan.panels[0]?.operations).toHaveLength(3);
    expect(JSON.parse(await readFile(planFile, 'utf8'))).toEqual(plan);
  });

  it('applies the saved plan, and never writes the canary password anywhere', async () => {
    const res = await runCli(['--log-level', 'debug', 'apply', join(dir.path, 'plan.json'), '--auto-approve', '--state-dir', join(dir.path, 'state')], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Apply complete: 3 succeeded, 0 failed');
    files.push(res.stdout, res.stderr);
    for (const f of await readdir(join(dir.path, 'state'))) files.push(await readFile(join(dir.path, 'state', f), 'utf8'));
    await expect(marzbanApi(emulator.url, 'reseller', CANARY)).resolves.toBeDefined();
    for (const text of files) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain('sandbox-admin-pass');
    }
    expect(files.join('\n')).toContain('"level":');
  });

  it('refuses a saved plan whose object changed on the panel, naming it', async () => {
    await writeFiles(join(dir.path, 'm'), { 'fleet.yaml': manifests.replace('dataLimit: 10GiB', 'dataLimit: 20GiB') });
    const planFile = join(dir.path, 'plan2.json');
    expect((await cli('plan', '-f', join(dir.path, 'm'), '--out', planFile)).code).toBe(2);
    const api = await marzbanApi(emulator.url);
    await api.send('PUT', '/api/user/alice', { note: 'edited by hand in the panel' });
    const res = await cli('apply', planFile, '--auto-approve');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('mz User/alice: changed on the panel since the plan was made');
    expect((await api.get<{ data_limit: number }>('/api/user/alice')).data_limit).toBe(10 * 2 ** 30);
  });

  it('refuses a saved plan whose manifest changed, and a file that is not a plan', async () => {
    const planFile = join(dir.path, 'plan3.json');
    expect((await cli('plan', '-f', join(dir.path, 'm'), '--out', planFile)).code).toBe(2);
    await writeFiles(join(dir.path, 'm'), { 'fleet.yaml': manifests.replace('dataLimit: 10GiB', 'dataLimit: 30GiB') });
    const stale = await cli('apply', planFile, '--auto-approve');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('mz User/alice: its manifest changed since the plan was made');
    await writeFile(planFile, '{"formatVersion": 9}');
    const bad = await cli('apply', planFile, '--auto-approve');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a valid panelops plan');
  });
});
