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
    return (await this.read()).filter((e) => e.ok === undefined).map((e) => e.op);
  }

  /**
   * Operations of earlier runs that may have changed the panel: unmarked, or marked as done.
   * A journal still exists only when its run did not save the inventory to the end, so even
   * a create marked done may be missing from the inventory: it is claimed, not re-created.
   */
  async touched(): Promise<JournalOp[]> {
    return (await this.read()).filter((e) => e.ok !== false).map((e) => e.op);
  }

  private async read(): Promise<Array<{ op: JournalOp; ok: boolean | undefined }>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return [];
    }
    const ops = new Map<number, { op: JournalOp; ok: boolean | undefined }>();
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let entry: JournalLine;
      try {
        entry = JSON.parse(line) as JournalLine;
      } catch {
        continue; // a line cut short by a crash
      }
      if (entry.t === 'intent') ops.set(entry.n, { op: entry.op, ok: undefined });
      else {
        const known = ops.get(entry.n);
        if (known) known.ok = entry.ok;
      }
      this.next = Math.max(this.next, entry.n + 1);
    }
    return [...ops.values()];
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
    this.next = 1;
  }
}
