import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

/**
 * The container runs `run --source /manifests`: when nothing is mounted there, the controller
 * must stop at start with an error naming the directory, not report ready while managing nothing.
 */
describe('run on a directory source with no manifests', () => {
  let root: { path: string; cleanup(): Promise<void> };
  const run = (source: string) => runCli(['run', '--source', source, '--interval', '1h', '--listen', '127.0.0.1:0', '--state-dir', join(root.path, 'state')], {});

  beforeAll(async () => {
    root = await tempDir();
    await writeFiles(join(root.path, 'empty'), { 'README.md': 'not a manifest\n', '.hidden/panel.yaml': 'skipped: dot folders are not read\n' });
  });
  afterAll(() => root.cleanup());

  it('refuses a missing directory, exit 1, naming it', async () => {
    const missing = await run(join(root.path, 'manifests'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`the manifest directory ${join(root.path, 'manifests')} does not exist: mount the manifests there`);
    expect(missing.stdout).not.toContain('listening on');
  });

  it('refuses a directory without a manifest file, exit 1', async () => {
    const empty = await run(join(root.path, 'empty'));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(`the manifest directory ${join(root.path, 'empty')} holds no manifest (*.yaml, *.yml, *.json)`);
    expect(empty.stdout).not.toContain('listening on');
  });
});
