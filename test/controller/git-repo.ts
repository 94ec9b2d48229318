import { execFileSync } from 'node:child_process';
import { rm, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A real git repository on disk, committed to with the git CLI. */
export class TempRepo {
  constructor(readonly dir: string) {}

  static async init(dir: string): Promise<TempRepo> {
    await mkdir(dir, { recursive: true });
    const repo = new TempRepo(dir);
    repo.git('init', '-q', '-b', 'main');
    repo.git('config', 'user.email', 'ci@example.com');
    repo.git('config', 'user.name', 'CI');
    return repo;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8' });
  }

  async commit(files: Record<string, string | null>, message: string): Promise<string> {
    for (const [name, content] of Object.entries(files)) {
      const path = join(this.dir, name);
      if (content === null) await rm(path, { force: true });
      else {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, content);
      }
    }
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }
}
