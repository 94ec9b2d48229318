import { appendFile, mkdir, open, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { matchesQuery, newestFirst, type HistoryEntry, type HistoryQuery } from '../../history/history-entry.ts';
import { StateError } from '../backend.ts';

/** `<panel>.history.jsonl`: one JSON line per operation, oldest first, appended. Not a `.json` file, so never taken for an inventory. */
const SUFFIX = '.history.jsonl';
const fileOf = (dir: string, panel: string) => join(dir, `${panel}${SUFFIX}`);

/**
 * Appends a run's lines for one panel. The file is rewritten only when its first (oldest)
 * line is past the retention, which costs one short read per run otherwise.
 */
export async function appendHistoryFile(dir: string, panel: string, entries: readonly HistoryEntry[], pruneBefore?: string): Promise<void> {
  const file = fileOf(dir, panel);
  await mkdir(dir, { recursive: true });
  const lines = entries.map((e) => `${JSON.stringify(e)}\n`).join('');
  const oldest = pruneBefore ? await oldestAt(file) : undefined;
  if (pruneBefore && oldest !== undefined && oldest < pruneBefore) {
    const kept = (await readLines(file)).filter((e) => e.at >= pruneBefore);
    await writeFile(`${file}.tmp`, kept.map((e) => `${JSON.stringify(e)}\n`).join('') + lines);
    await rename(`${file}.tmp`, file);
    return;
  }
  await appendFile(file, lines);
}

export async function readHistoryFiles(dir: string, query: HistoryQuery): Promise<HistoryEntry[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const panels = names.filter((f) => f.endsWith(SUFFIX)).map((f) => f.slice(0, -SUFFIX.length));
  const all: HistoryEntry[] = [];
  for (const panel of panels.filter((p) => query.panel === undefined || p === query.panel)) {
    for (const e of await readLines(fileOf(dir, panel))) if (matchesQuery(e, query)) all.push(e);
  }
  const sorted = newestFirst(all);
  return query.limit !== undefined ? sorted.slice(0, query.limit) : sorted;
}

async function readLines(file: string): Promise<HistoryEntry[]> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? '' : Promise.reject(err)));
  const out: HistoryEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line) as HistoryEntry);
    } catch {
      // A line cut short by a crash mid-append is the last one: the rest of the file is still good.
      if (i < text.split('\n').length - 2) throw new StateError(`history file ${file} is damaged at line ${i + 1}`);
    }
  });
  return out;
}

/** The time of the first line, read from the file's first few kilobytes only. */
async function oldestAt(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    return /"at":"([^"]+)"/.exec(buffer.subarray(0, bytesRead).toString('utf8'))?.[1];
  } finally {
    await handle.close();
  }
}
