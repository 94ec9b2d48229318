import { execFile } from 'node:child_process';
import { cp, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('carries compiled JavaScript only, and no TypeScript runner', async () => {
    const installed = join(dir.path, 'app', 'node_modules');
    expect(await readdir(join(installed, 'panelops', 'dist', 'cli'))).toContain('main.js');
    expect(await readdir(join(installed, 'panelops'))).not.toContain('controller');
    expect(await readdir(installed)).not.toContain('tsx');
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
});
