import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { simpleGit } from 'simple-git';
import type { RunProvenance } from './history-entry.ts';

/** A commit and its author, read from a git work tree. */
export interface GitCommit {
  revision: string;
  author: string;
}

/** The commit `ref` (HEAD by default) of the checkout holding `dir`, or undefined outside one. Never throws. */
export async function gitCommit(dir: string, ref = 'HEAD'): Promise<GitCommit | undefined> {
  if (!existsSync(dir)) return undefined;
  try {
    const out = await simpleGit({ baseDir: dir }).raw(['log', '-1', '--format=%H%n%an <%ae>', ref, '--']);
    const [revision, author] = out.trim().split('\n');
    return revision && /^[0-9a-f]{7,64}$/.test(revision) ? { revision, author: author ?? '' } : undefined;
  } catch {
    return undefined;
  }
}

/** `user@host`, for the CLI; a container without a passwd entry still has $USER or a uid. */
export function cliActor(env: NodeJS.ProcessEnv): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = env.USER ?? env.LOGNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
  return `${user}@${hostname()}`;
}

/**
 * Revision and author of a CLI run: `--revision` / `--author` first, then the CI's variables
 * (GitHub Actions, GitLab CI), then the checkout the manifests are in. A flag given alone
 * still takes the author of that commit from the checkout when it has it.
 */
export async function cliProvenance(options: { dir: string; revision?: string | undefined; author?: string | undefined }, env: NodeJS.ProcessEnv): Promise<RunProvenance> {
  const revision = options.revision ?? env.GITHUB_SHA ?? env.CI_COMMIT_SHA;
  let author = options.author ?? env.GITHUB_ACTOR ?? env.CI_COMMIT_AUTHOR ?? env.GITLAB_USER_LOGIN;
  const commit = revision && author ? undefined : await gitCommit(options.dir, revision ?? 'HEAD');
  author ??= commit?.author;
  const rev = revision ?? commit?.revision;
  return { ...(rev ? { revision: rev } : {}), ...(author ? { author } : {}), actor: cliActor(env), runId: randomUUID() };
}

/** A reconcile's: the source's revision, and its author when the source is a git checkout at that commit. */
export async function controllerProvenance(source: { root: string; revision: string }, replica: string): Promise<RunProvenance> {
  const commit = await gitCommit(source.root);
  const author = commit && commit.revision === source.revision ? commit.author : undefined;
  return { revision: source.revision, ...(author ? { author } : {}), actor: `controller ${replica}`, runId: randomUUID() };
}
