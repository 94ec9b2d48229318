import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanJsonText } from '../../controller/manifest/json-text-scan.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const tooDeepAt = (text: string, max: number) => scanJsonText(text, max).tooDeepAt;

const ROOT = join(import.meta.dirname, '..', '..');

function validateWithPeak(dir: string): Promise<{ code: number | null; out: string; peakMiB: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', join(ROOT, 'test/helpers/report-max-rss.ts'), join(ROOT, 'controller/cli/main.ts'), 'validate', '-f', dir], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, peakMiB: Number(/peak-rss-kib=(\d+)/.exec(out)?.[1] ?? NaN) / 1024 }));
  });
}

describe('a JSON manifest nested a million deep', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir('panelops-deep-');
  });
  afterEach(() => dir.cleanup());

  it('is rejected early, naming file, line and column, in bounded memory and without a stack trace', async () => {
    const depth = 1_000_000;
    await writeFiles(dir.path, { 'deep.json': `{"apiVersion":"marzban.panelops.io/v1","kind":"User","spec":\n${'['.repeat(depth)}${']'.repeat(depth)}}` });
    const started = Date.now();
    const res = await validateWithPeak(dir.path);
    expect(res.code, res.out).toBe(1);
    expect(res.out).toMatch(/deep\.json:2:128: .*nested more than 128 levels deep/);
    expect(res.out).not.toMatch(/\n\s+at /);
    expect(res.peakMiB).toBeLessThan(200);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('counts brackets outside strings only', () => {
    expect(tooDeepAt('{"a":"[[[[[["}', 3)).toBeUndefined();
    expect(tooDeepAt('{"a":"\\"[[["}', 3)).toBeUndefined();
    expect(tooDeepAt('[[[[]]]]', 3)).toBe(3);
  });
});
