/**
 * The code a before/after comparison runs (issue 33): a tree (this checkout, or an earlier
 * commit in a git worktree sharing node_modules) built the way the package ships it (its own
 * `scripts/build.ts`: the CLI bundle and the precompiled validators), plus the bench's two
 * measuring entries, plan-once.ts and reconcile-once.ts, bundled by esbuild with the package's
 * settings into the tree's dist/bench/. Both trees are built the same way, so a difference is
 * the code's, not tsx's nor the schema compiler's. The "before" tree's reconcile-once.ts is this
 * tree's (the script came later; the Reconciler it drives has the same constructor there).
 */
import { execFile } from 'node:child_process';
import { copyFile, readFile, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

export interface BenchTree {
  label: string;
  root: string;
  /** The built CLI (node runs it). */
  cli: string;
  planOnce: string;
  reconcileOnce: string;
}

/** Builds a tree as the package builds and bundles its measuring entries. */
async function buildTree(label: string, root: string): Promise<BenchTree> {
  await run(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build.ts')], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const outdir = join(root, 'dist', 'bench');
  await build({
    entryPoints: { 'plan-once': join(root, 'test', 'bench', 'plan-once.ts'), 'reconcile-once': join(root, 'test', 'bench', 'reconcile-once.ts') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: Object.keys(pkg.dependencies),
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    logLevel: 'warning',
  });
  return { label, root, cli: join(root, 'bin', 'panelops.js'), planOnce: join(outdir, 'plan-once.js'), reconcileOnce: join(outdir, 'reconcile-once.js') };
}

/** This checkout, built. */
export const buildAfterTree = (): Promise<BenchTree> => buildTree('after', ROOT);

/** `ref` in a worktree under `dir`, built the same way; undefined when the clone lacks it (shallow). */
export async function buildBeforeTree(ref: string, dir: string, progress: (line: string) => void): Promise<BenchTree | undefined> {
  const tree = join(dir, 'before');
  try {
    await run('git', ['worktree', 'add', '--detach', tree, ref], { cwd: ROOT });
  } catch {
    progress(`before/after: ${ref} is not in this clone (shallow?): no "before" columns`);
    return undefined;
  }
  await symlink(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  const reconcileOnce = join(tree, 'test', 'bench', 'reconcile-once.ts');
  if (!existsSync(reconcileOnce)) await copyFile(join(ROOT, 'test', 'bench', 'reconcile-once.ts'), reconcileOnce);
  progress(`before/after: building ${ref} as the package builds`);
  return buildTree(`before (${ref})`, tree);
}

export async function removeBeforeTree(dir: string): Promise<void> {
  await run('git', ['worktree', 'remove', '--force', join(dir, 'before')], { cwd: ROOT }).catch(() => undefined);
}
