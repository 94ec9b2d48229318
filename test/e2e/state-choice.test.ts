import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const exists = (path: string) => access(path).then(() => true, () => false);
const firstLine = (text: string) => text.split('\n')[0] ?? '';

/**
 * A CI job or pod that sets PANELOPS_STATE (the shared inventory) and a one-off command given
 * `--state-dir`: the explicit flag wins, and every command starts by naming the state it uses.
 */
describe('which state a command uses', () => {
  let emulator: MarzbanEmulator;
  let dir: { path: string; cleanup(): Promise<void> };
  let env: Record<string, string>;
  let manifests: string;
  let shared: string;

  beforeAll(async () => {
    emulator = await startMarzbanEmulator({ seed: 5 });
    dir = await tempDir();
    manifests = join(dir.path, 'm');
    shared = join(dir.path, 'shared-state');
    await writeFiles(manifests, { 'panel.yaml': marzbanPanel(), 'u.yaml': 'apiVersion: marzban.panelops.io/v1\nkind: User\nmetadata: { name: one_off }\nspec: { proxies: { vmess: {} } }\n' });
    env = { MZ_URL: emulator.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass', PANELOPS_STATE: shared };
  });
  afterAll(async () => {
    await emulator.close();
    await dir.cleanup();
  });

  it('an explicit --state-dir wins over PANELOPS_STATE, and the first line says so', async () => {
    const local = join(dir.path, 'local-state');
    const applied = await runCli(['apply', '-f', manifests, '--state-dir', local, '--auto-approve'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(firstLine(applied.stderr)).toBe(`State: state directory ${local} (--state-dir; PANELOPS_STATE is set and not used)`);
    expect(await exists(join(local, 'mz.json'))).toBe(true);
    expect(await exists(join(shared, 'mz.json'))).toBe(false);
    const plan = await runCli(['plan', '-f', manifests, '--state-dir', local], env);
    expect(plan.code, plan.stdout).toBe(0);
    expect(firstLine(plan.stderr)).toContain(`State: state directory ${local} (--state-dir`);
  });

  it('without a flag PANELOPS_STATE is used and named; without either, the default directory is named', async () => {
    const listed = await runCli(['state', 'list'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(firstLine(listed.stderr)).toBe(`State: state directory ${shared} (PANELOPS_STATE)`);
    const { PANELOPS_STATE: _unused, ...bare } = env;
    const fallback = await runCli(['state', 'list', '--panel', 'none-such'], bare);
    expect(firstLine(fallback.stderr)).toBe('State: state directory state (the default)');
  });

  it('--state and --state-dir together are refused, naming both, before anything is read', async () => {
    const both = await runCli(['plan', '-f', manifests, '--state', join(dir.path, 'a'), '--state-dir', join(dir.path, 'b')], env);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain(`--state and --state-dir ${join(dir.path, 'b')} both name a state: give one of them`);
    expect(both.stdout).toBe('');
  });
});
