import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileDiagnostic, type Diagnostic } from './diagnostics.ts';

const MANIFEST_NAME = /\.(ya?ml|json)$/i;

export const displayPath = (path: string): string => relative(process.cwd(), path) || path;

const errno = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);

/**
 * The manifest files below a directory (or the one file given), in a stable order; dot-folders
 * and node_modules are skipped. Only regular files are listed: a FIFO would block the reader
 * and a device never ends. A symlinked file is read when it resolves to a regular file inside
 * the directory; one that loops, dangles or leads outside is an error, since a checkout of an
 * untrusted change must not make panelops read (and echo in diagnostics) files elsewhere.
 * Symlinked directories are not followed (a link to a parent would loop). Every problem is a
 * diagnostic naming the path; nothing throws.
 */
export async function findManifestFiles(dir: string): Promise<{ files: string[]; problems: Diagnostic[] }> {
  const files: string[] = [];
  const problems: Diagnostic[] = [];
  const problem = (path: string, message: string) => problems.push(fileDiagnostic(displayPath(path), message));
  let root: string;
  try {
    root = await realpath(dir);
    if (!(await stat(root)).isDirectory()) return { files: [dir], problems };
  } catch (err) {
    problem(dir, `the manifest path cannot be read (${errno(err)})`);
    return { files, problems };
  }
  const inside = (path: string) => path === root || path.startsWith(root + sep);

  const walk = async (d: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (err) {
      problem(d, `the directory cannot be read (${errno(err)})`);
      return;
    }
    // Code-unit order, the same on every machine and locale (localeCompare also cost 10 ms of
    // ICU set-up on every start).
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else if (!MANIFEST_NAME.test(e.name)) continue;
      else if (e.isFile()) files.push(full);
      else if (e.isSymbolicLink()) await followLink(full);
      else problem(full, `not a regular file (${e.isFIFO() ? 'a FIFO' : e.isSocket() ? 'a socket' : 'a device'}): a manifest must be a regular file`);
    }
  };
  const followLink = async (link: string): Promise<void> => {
    let target: string;
    try {
      target = await realpath(link);
    } catch (err) {
      const code = errno(err);
      problem(link, code === 'ELOOP' ? 'the symlink loops (it leads back to itself)' : code === 'ENOENT' ? 'the symlink leads to nothing' : `the symlink cannot be followed (${code})`);
      return;
    }
    if (!inside(target)) return void problem(link, 'the symlink leads outside the manifest directory: a manifest is read only from inside it');
    const kind = await stat(target).then((s) => (s.isFile() ? 'file' : 'other'), (err: unknown) => errno(err));
    if (kind === 'file') files.push(link);
    else problem(link, kind === 'other' ? 'the symlink leads to something that is not a regular file' : `the symlink cannot be followed (${kind})`);
  };
  await walk(dir);
  return { files, problems };
}

/** Just the files (for watching a directory): problems are reported when the files are loaded. */
export async function listManifestFiles(dir: string): Promise<string[]> {
  return (await findManifestFiles(dir)).files;
}
