import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirSource } from '../../controller/source/dir-source.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { eventually } from './controller-process.ts';

describe('directory source', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  let source: DirSource;
  beforeEach(async () => {
    dir = await tempDir();
    await writeFiles(dir.path, { 'a.yaml': 'x: 1\n' });
    source = new DirSource(dir.path, 100);
  });
  afterEach(async () => {
    await source.close();
    await dir.cleanup();
  });

  it('changes its revision with the content and reports a burst of changes once', async () => {
    const first = await source.sync();
    let changes = 0;
    source.watch(() => (changes += 1));
    await new Promise((r) => setTimeout(r, 300));
    await writeFile(join(dir.path, 'a.yaml'), 'x: 2\n');
    await writeFile(join(dir.path, 'b.yaml'), 'y: 1\n');
    await eventually(async () => expect(changes).toBe(1), 3_000);
    const second = await source.sync();
    expect(second.revision).not.toBe(first.revision);
    expect(second.revision).toBe((await source.sync()).revision);
  });
});
