import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import type { ManifestSource } from './types.ts';

export interface GitSourceOptions {
  url: string;
  branch: string;
  /** A sub-directory of the repository holding the manifests. */
  path?: string;
  /** Where the clone lives (inside the state directory). */
  checkoutDir: string;
  /** From the environment (PANELOPS_GIT_USERNAME / PANELOPS_GIT_TOKEN); sent as a header, never written to the clone's config. */
  credentials?: { username: string; token: string };
}

/** A git branch: cloned once, then fetched and hard-reset to the branch head on every sync. */
export class GitSource implements ManifestSource {
  readonly description: string;
  private git: SimpleGit | undefined;

  constructor(private readonly options: GitSourceOptions) {
    this.description = `git ${options.url.replace(/\/\/[^@/]*@/, '//')} branch ${options.branch}${options.path ? ` path ${options.path}` : ''}`;
  }

  private client(baseDir?: string): SimpleGit {
    const config = this.options.credentials
      ? [`http.extraHeader=Authorization: Basic ${Buffer.from(`${this.options.credentials.username}:${this.options.credentials.token}`).toString('base64')}`]
      : [];
    return simpleGit({ ...(baseDir ? { baseDir } : {}), config });
  }

  async sync(): Promise<{ dir: string; revision: string; root: string }> {
    const dir = this.options.checkoutDir;
    if (!this.git) {
      if (!existsSync(join(dir, '.git'))) {
        await mkdir(dir, { recursive: true });
        await this.client().clone(this.options.url, dir, ['--branch', this.options.branch, '--single-branch']);
      }
      this.git = this.client(dir);
    }
    await this.git.fetch('origin', this.options.branch);
    await this.git.reset(['--hard', `origin/${this.options.branch}`]);
    const revision = (await this.git.revparse(['HEAD'])).trim();
    // Paths in /status and logs read as in the repository (manifests/users.yaml), not the checkout.
    return { dir: this.options.path ? join(dir, this.options.path) : dir, revision, root: dir };
  }

  /** Git has no push notifications of its own: the webhook and the interval drive it. */
  watch(): void {}

  async close(): Promise<void> {}
}
