import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRATCH = join(ROOT, '.scratch', `runner-exit-${process.pid}`);

/** Runs vitest on one file with the suite's own global set-up (the embedded PostgreSQL). */
async function runVitest(body: string): Promise<{ code: number | null; out: string }> {
  await mkdir(SCRATCH, { recursive: true });
  await writeFile(join(SCRATCH, 'probe.test.ts'), `import { expect, it } from 'vitest';\nit('probe', () => { ${body} });\n`);
  await writeFile(
    join(SCRATCH, 'vitest.config.ts'),
    `import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { root: ${JSON.stringify(SCRATCH)}, include: ['probe.test.ts'], pool: 'forks', globalSetup: [${JSON.stringify(join(ROOT, 'test', 'state', 'postgres-global-setup.ts'))}] } });\n`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', join(SCRATCH, 'vitest.config.ts')], { cwd: SCRATCH, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

// The suite's PostgreSQL is stopped through a library whose exit hook ended the process with 0:
// a failing test then left `npm test` (and CI) green. This keeps the runner's verdict honest.
describe('the test runner with the suite global set-up', { timeout: 120_000 }, () => {
  afterAll(() => rm(SCRATCH, { recursive: true, force: true }));

  it('exits 1 when a test fails', async () => {
    const run = await runVitest('expect(1).toBe(2);');
    expect(run.out).toMatch(/1 failed/);
    expect(run.code, run.out).toBe(1);
  });

  it('exits 0 when every test passes', async () => {
    const run = await runVitest('expect(1).toBe(1);');
    expect(run.out).toMatch(/1 passed/);
    expect(run.code, run.out).toBe(0);
  });
});
