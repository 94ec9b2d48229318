import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface JournalOp {
  kind: string;
  key: string;
  action: string;
}

type JournalLine = { t: 'intent'; n: number; op: JournalOp; at: string } | { t: 'done'; n: number; ok: boolean };

/**
 * `state/<panel>.journal`: each operation is written here before it is sent and marked
 * after. A run that dies in between leaves intents without a mark; the next run reads
 * them, re-observes those objects and claims what it created, so nothing is created twice
 * and nothing it made is left unowned. The journal is cleared once the inventory is saved.
 */
export class Journal {
  private next = 1;

  constructor(
    readonly dir: string,
    readonly panel: string,
  ) {}

  get path(): string {
    return join(this.dir, `${this.panel}.journal`);
  }

  /** Writes intents for operations about to be sent; returns their numbers for `done`. */
  async intend(ops: readonly JournalOp[], now: string): Promise<number[]> {
    const numbers = ops.map(() => this.next++);
    const lines = ops.map((op, i) => JSON.stringify({ t: 'intent', n: numbers[i] ?? 0, op, at: now } satisfies JournalLine));
    await mkdir(this.dir, { recursive: true });
    await appendFile(this.path, `${lines.join('\n')}\n`);
    return numbers;
  }

  async done(numbers: readonly number[], ok: boolean): Promise<void> {
    if (numbers.length === 0) return;
    await appendFile(this.path, `${numbers.map((n) => JSON.stringify({ t: 'done', n, ok } satisfies JournalLine)).join('\n')}\n`);
  }

  /** Operations a previous run started and never marked (it crashed or was killed). */
  async unfinished(): Promise<JournalOp[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return [];
    }
    const open = new Map<number, JournalOp>();
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let entry: JournalLine;
      try {
        entry = JSON.parse(line) as JournalLine;
      } catch {
        continue; // a line cut short by a crash
      }
      if (entry.t === 'intent') open.set(entry.n, entry.op);
      else open.delete(entry.n);
      this.next = Math.max(this.next, entry.n + 1);
    }
    return [...open.values()];
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
    this.next = 1;
  }
}
