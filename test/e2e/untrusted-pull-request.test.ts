import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const users = (names: string[]) =>
  `apiVersion: marzban.panelops.io/v1\nkind: UserList\nspec:\n  defaults: { proxies: { vless: {} } }\n  items: [${names.map((n) => `{ name: ${n} }`).join(', ')}]\n`;
const admin = (password: string) => `apiVersion: marzban.panelops.io/v1\nkind: Admin\nmetadata: { name: reseller }\nspec: { sudo: false, password: ${password} }\n`;

// Each case runs the CLI in a child process: slower than the default timeout on a busy machine.
describe('plan of an untrusted pull request (--trusted-panels)', { timeout: 90_000 }, () => {
  let emu: MarzbanEmulator;
  let attacker: Server;
  let attackerUrl: string;
  let received: string[];
  let root: { path: string; cleanup(): Promise<void> };
  let env: Record<string, string>;
  const base = () => join(root.path, 'base');
  const pr = () => join(root.path, 'pr');
  const plan = (...extra: string[]) => runCli(['plan', '-f', pr(), '--trusted-panels', base(), '--state-dir', join(root.path, 'state'), ...extra], env);

  beforeAll(async () => {
    emu = await startMarzbanEmulator({ seed: 1 });
    // A server of the pull request author's choice: it must never hear from panelops.
    received = [];
    attacker = createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.end('{}');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    root = await tempDir();
    env = { MZ_URL: emu.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass', RUNNER_TOKEN: 'runner-secret-token' };
    await writeFiles(base(), { 'panel.yaml': marzbanPanel(), 'users.yaml': users(['first_user']) });
  });
  afterAll(async () => {
    await emu.close();
    await new Promise((resolve) => attacker.close(resolve));
    await root.cleanup();
  });
  beforeEach(async () => {
    await rm(pr(), { recursive: true, force: true });
    received.length = 0;
    emu.counters.reset();
  });

  it('plans a change to objects with the trusted Panel', async () => {
    await writeFiles(pr(), { 'panel.yaml': marzbanPanel(), 'users.yaml': users(['first_user', 'second_user']) });
    const result = await plan();
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('second_user');
  });

  it('refuses a Panel whose URL the pull request changed, before any request', async () => {
    await writeFiles(pr(), { 'panel.yaml': marzbanPanel().replace('url: { env: MZ_URL }', `url: ${attackerUrl}`), 'users.yaml': users(['first_user']) });
    const result = await plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/pr\/panel\.yaml:\d+:\d+: \/spec: Panel "mz" differs from the trusted one \(.*base\/panel\.yaml:1\): an untrusted change may not change a Panel's URL/);
    expect(result.stderr).toContain('nothing was sent to any panel');
    expect(received).toEqual([]);
    expect(emu.counters.total()).toBe(0);
  });

  it('refuses a Panel the pull request adds', async () => {
    const added = marzbanPanel().replace('name: mz', 'name: evil').replace('url: { env: MZ_URL }', `url: ${attackerUrl}`);
    await writeFiles(pr(), { 'panel.yaml': marzbanPanel(), 'evil.yaml': added, 'users.yaml': users(['first_user']) });
    const result = await plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/pr\/evil\.yaml:3:\d+: \/metadata\/name: Panel "evil" is not in the trusted directory .*base: an untrusted change may not add a Panel/);
    expect(received).toEqual([]);
    expect(emu.counters.total()).toBe(0);
  });

  it('refuses { file } refs, and { env } refs outside --allow-env, in the objects', async () => {
    await writeFiles(pr(), { 'panel.yaml': marzbanPanel(), 'admins.yaml': `${admin('{ file: /etc/hostname }')}---\n${admin('{ env: RUNNER_TOKEN }').replace('reseller', 'other')}` });
    const result = await plan('--allow-env', 'ADMIN_PASS_*');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/admins\.yaml:4:\d+: \/spec\/password: \{ file \} refs are not read for an untrusted change/);
    expect(result.stderr).toMatch(/admins\.yaml:9:\d+: \/spec\/password: environment variable RUNNER_TOKEN may not be read for an untrusted change: only the ones given with --allow-env \(ADMIN_PASS_\*\)/);
    expect(result.stderr).not.toContain('runner-secret-token');
    expect(emu.counters.total()).toBe(0);
    const allowed = await runCli(['validate', '-f', pr(), '--trusted-panels', base(), '--allow-env', 'RUNNER_*'], env);
    expect(allowed.stderr).toMatch(/\{ file \} refs are not read/);
    expect(allowed.stderr).not.toMatch(/RUNNER_TOKEN may not be read/);
  });

  it('reports a refused ref once at its line, and still counts its object as defined for references', async () => {
    const examples = join(import.meta.dirname, '..', '..', 'examples');
    const panelEnv = { OPENPANEL_URL: 'http://127.0.0.1:9', OPENPANEL_USERNAME: 'u', OPENPANEL_PASSWORD: 'p', USERS_API_URL: 'http://127.0.0.1:9', USERS_API_KEY: 'k' };
    const validate = (dir: string) => runCli(['validate', '-f', join(examples, dir), '--trusted-panels', join(examples, dir)], panelEnv);
    // Three accounts whose password refs are refused; the domains that name them are not "not defined".
    const hosting = await validate('openpanel');
    expect(hosting.code).toBe(1);
    expect(hosting.stderr.match(/may not be read for an untrusted change/g)).toHaveLength(3);
    expect(hosting.stderr).not.toContain('is not defined');
    // A refused ref in a list's defaults is one error at its line, not one per item.
    const community = await validate('users-api');
    expect(community.stderr.match(/users\.yaml:10:\d+: \/spec\/defaults\/password: environment variable USERS_API_DEFAULT_PASSWORD may not be read/g)).toHaveLength(1);
    expect(community.stderr).toContain('1 error(s)');
  });
});
