import { existsSync } from 'node:fs';
import { simpleGit } from 'simple-git';

/**
 * The commit a manifest directory is checked out at (a CI checkout), or undefined outside a git
 * work tree or without git. Never fails a plan: it only names the commit in a comment.
 */
export async function gitHead(dir: string): Promise<string | undefined> {
  if (!existsSync(dir)) return undefined;
  try {
    const head = (await simpleGit({ baseDir: dir }).revparse(['HEAD'])).trim();
    return /^[0-9a-f]{7,64}$/.test(head) ? head : undefined;
  } catch {
    return undefined;
  }
}
