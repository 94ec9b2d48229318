import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const users = (names: string[]) => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { proxies: { vmess: {} } }
  items: [${names.map((n) => `{ name: ${n} }`).join(', ')}]
`;

describe('CLI conventions', () => {
  let emulator: MarzbanEmulator;
  let dir: { path: string; cleanup(): Promise<void> };
  let env: Record<string, string>;
  const m = () => join(dir.path, 'm');
  const state = () => join(dir.path, 'state');

  beforeAll(async () => {
    emulator = await startMarzbanEmulator({ seed: 5 });
    dir = await tempDir();
    env = { MZ_URL: emulator.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass' };
  });
  afterAll(async () => {
    await emulator.close();
    await dir.cleanup();
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    const out = await runCli(['--version'], {});
    expect(out.code).toBe(0);
    expect(out.stdout.trim()).toBe(version);
  });

  it('a piped "yes" confirms a fresh apply; no input refuses; a saved plan applies without asking', async () => {
    await writeFiles(m(), { 'panel.yaml': marzbanPanel(), 'u.yaml': users(['piped_a']) });
    const refused = await runCli(['apply', '-f', m(), '--state-dir', state()], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pass --auto-approve');
    expect(emulator.state.findUser('piped_a')).toBeUndefined();

    const piped = await runCli(['apply', '-f', m(), '--state-dir', state()], env, 'yes\n');
    expect(piped.code, piped.stderr).toBe(0);
    expect(emulator.state.findUser('piped_a')).toBeDefined();

    await writeFiles(m(), { 'panel.yaml': marzbanPanel(), 'u.yaml': users(['piped_a', 'saved_b']) });
    const planFile = join(dir.path, 'plan.json');
    expect((await runCli(['plan', '-f', m(), '--state-dir', state(), '--out', planFile], env)).code).toBe(2);
    const saved = await runCli(['apply', planFile, '--state-dir', state()], env);
    expect(saved.code, saved.stderr).toBe(0);
    expect(emulator.state.findUser('saved_b')).toBeDefined();
  });

  it('a targeted plan says targeting is in effect, and names a selector that matched nothing', async () => {
    await writeFiles(m(), { 'panel.yaml': marzbanPanel(), 'u.yaml': users(['piped_a', 'saved_b']) });
    const plan = await runCli(['plan', '-f', m(), '--state-dir', state(), '--target', 'Usr/x', '--target', 'User/piped_a'], env);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('targeting is in effect');
    expect(plan.stdout).toContain('--target Usr/x matched no object');
    expect(plan.stdout).not.toContain('--target User/piped_a matched no object');
  });
});
