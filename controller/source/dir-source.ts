import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { listManifestFiles } from '../manifest/yaml-documents.ts';
import { contentHash } from '../shared/canonical-json.ts';
import type { ManifestSource } from './types.ts';

/** A local directory, watched with chokidar; its revision is a hash of every manifest's path and content. */
export class DirSource implements ManifestSource {
  readonly description: string;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    private readonly debounceMs = 500,
  ) {
    this.description = `directory ${resolve(dir)}`;
  }

  async sync(): Promise<{ dir: string; revision: string }> {
    const files = await listManifestFiles(this.dir).catch(() => [] as string[]);
    const contents = await Promise.all(files.map(async (f) => [f, await readFile(f, 'utf8')] as const));
    return { dir: this.dir, revision: `dir:${contentHash(contents).slice(0, 12)}` };
  }

  /** Bursts of changes (an editor saving, a checkout) become one reconcile. */
  watch(onChange: () => void): void {
    this.watcher = watch(this.dir, { ignoreInitial: true });
    this.watcher.on('all', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(onChange, this.debounceMs);
    });
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.watcher?.close();
  }
}
