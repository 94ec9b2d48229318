import { execFile, execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { eventually, startController } from '../controller/controller-process.ts';
import { TempRepo } from '../controller/git-repo.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
/** What the Marzban example reads from the environment; validate resolves secret references. */
const EXAMPLE_ENV = Object.fromEntries(
  ['MARZBAN_URL', 'MARZBAN_USERNAME', 'MARZBAN_PASSWORD', 'MARZBAN_RESELLER_EU_PASSWORD', 'MARZBAN_RESELLER_ASIA_PASSWORD', 'MARZBAN_SUPPORT_PASSWORD'].map((n) => [n, n.endsWith('URL') ? 'https://panel.example' : `value-of-${n.toLowerCase()}`]),
);
const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The package as a user gets it: `npm pack` (its prepack builds the JavaScript), installed into
 * an empty directory outside the source tree, and run from there with no TypeScript at hand.
 */
describe('the packed package, installed elsewhere', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  let bin: string;
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' };

  beforeAll(async () => {
    dir = await tempDir();
    await run('npm', ['pack', '--silent', '--pack-destination', dir.path], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const tarball = (await readdir(dir.path)).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack wrote no tarball');
    const app = join(dir.path, 'app');
    await cp(join(ROOT, 'examples', 'marzban'), join(app, 'manifests'), { recursive: true });
    await writeFile(join(app, 'package.json'), '{ "name": "operator", "private": true }\n');
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', join(dir.path, tarball)], { cwd: app, env: { ...env, npm_config_cache: join(process.env.HOME ?? '/root', '.npm') } });
    bin = join(app, 'node_modules', '.bin', 'panelops');
  }, 300_000);
  afterAll(() => dir.cleanup());

  it('carries the bundled CLI and the precompiled validators, and no TypeScript runner', async () => {
    const installed = join(dir.path, 'app', 'node_modules');
    expect(await readdir(join(installed, 'panelops', 'dist', 'cli'))).toContain('main.js');
    expect((await readdir(join(installed, 'panelops', 'dist', 'validators'))).filter((f) => f.endsWith('.cjs')).length).toBeGreaterThan(20);
    expect(await readdir(join(installed, 'panelops'))).not.toContain('controller');
    // Bundled into dist/cli (their licences in THIRD-PARTY-NOTICES.md), so not installed.
    const packages = await readdir(installed);
    for (const name of ['tsx', 'typescript', 'yaml', 'pino', 'commander', 'prom-client']) expect(packages).not.toContain(name);
    expect(packages).toEqual(expect.arrayContaining(['ajv', 'pg']));
    const notices = await readFile(join(installed, 'panelops', 'dist', 'THIRD-PARTY-NOTICES.md'), 'utf8');
    for (const name of ['yaml', 'pino', 'commander', 'prom-client', 'simple-git']) expect(notices).toContain(`## ${name} `);
  });

  it('runs --version, validate and demo from the installed package', async () => {
    const cwd = join(dir.path, 'app');
    const version = await run(bin, ['--version'], { cwd, env });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const validated = await run(bin, ['validate', '-f', 'manifests'], { cwd, env: { ...env, ...EXAMPLE_ENV } });
    expect(validated.stdout + validated.stderr).toMatch(/valid/i);
    const demo = await run(bin, ['demo'], { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    expect(demo.stdout).toContain('Demo finished');
  }, 120_000);

  it('runs the controller from the installed package: follows a git branch, serves its endpoints, stops on SIGTERM', async () => {
    const emu = await startMarzbanEmulator({ seed: 5 });
    const repo = await TempRepo.init(join(dir.path, 'repo'));
    const users = 'apiVersion: marzban.panelops.io/v1\nkind: UserList\nspec:\n  defaults: { proxies: { vless: {} } }\n  items: [{ name: packaged_user }]\n';
    await repo.commit({ 'fleet/panel.yaml': marzbanPanel(), 'fleet/users.yaml': users }, 'fleet');
    // The health check's address file goes to TMPDIR: this test's own.
    const tmp = join(dir.path, 'tmp');
    await mkdir(tmp);
    const controller = await startController(
      ['--source', `file://${repo.dir}`, '--path', 'fleet', '--interval', '1h', '--listen', '127.0.0.1:0', '--state-dir', join(dir.path, 'controller-state')],
      { ...env, TMPDIR: tmp, MZ_URL: emu.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass' },
      [bin],
    );
    try {
      await eventually(async () => expect(emu.state.findUser('packaged_user')).toBeDefined(), 20_000);
      expect((await fetch(`${controller.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${controller.url}/readyz`)).status).toBe(200);
      const metrics = await (await fetch(`${controller.url}/metrics`)).text();
      expect(metrics).toMatch(/panelops_reconcile_total\{[^}]*panel="mz"[^}]*result="succeeded"/);
      expect((await readFile(join(tmp, 'panelops-listen'), 'utf8')).trim()).toBe(controller.url);
      controller.child.kill('SIGTERM');
      expect(await controller.exited).toBe(0);
    } finally {
      controller.child.kill('SIGKILL');
      await emu.close();
    }
  }, 60_000);

  // In the image node is PID 1, which the kernel gives no default signal handling: without a
  // handler of its own, SIGTERM would be ignored and the pod killed after its grace period.
  it.skipIf(!canUnshare())('stops on SIGTERM as PID 1 of its own PID namespace, as in the container', async () => {
    const controller = await startController(
      ['--source', join(dir.path, 'app', 'manifests'), '--interval', '1h', '--listen', '127.0.0.1:0', '--state-dir', join(dir.path, 'pid1-state')],
      { ...env, ...EXAMPLE_ENV, TMPDIR: dir.path },
      ['unshare', '--pid', '--fork', '--kill-child', bin],
    );
    try {
      expect((await fetch(`${controller.url}/healthz`)).status).toBe(200);
      const pid1 = await childOf(controller.child.pid ?? 0);
      expect(Number((await readFile(`/proc/${pid1}/status`, 'utf8')).match(/^NSpid:\s+\d+\s+(\d+)/m)?.[1])).toBe(1);
      process.kill(pid1, 'SIGTERM');
      expect(await controller.exited).toBe(0);
    } finally {
      controller.child.kill('SIGKILL');
    }
  }, 60_000);
});

/** Whether this machine lets the test start a process in a PID namespace of its own (root, util-linux). */
function canUnshare(): boolean {
  try {
    execFileSync('unshare', ['--pid', '--fork', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The one child of a process (what `unshare --fork` started), by /proc. */
async function childOf(pid: number): Promise<number> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim();
    if (children) return Number(children.split(' ')[0]);
    if (Date.now() > deadline) throw new Error(`process ${pid} started no child`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
