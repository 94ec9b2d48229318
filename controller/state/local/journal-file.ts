import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StateError, type JournalOp, type PanelJournal } from '../backend.ts';

type JournalLine = { t: 'intent'; n: number; op: JournalOp; at: string } | { t: 'done'; n: number; ok: boolean };
interface JournalRecord {
  op: JournalOp;
  ok: boolean | undefined;
}

/** The operation as written: its `at` lives on the line, not in the op. */
const intentOp = (op: JournalOp): JournalOp => ({ kind: op.kind, key: op.key, action: op.action, ...(op.spec ? { spec: op.spec } : {}) });

export const journalPath = (dir: string, panel: string): string => join(dir, `${panel}.journal`);

/**
 * `<state-dir>/<panel>.journal`, one JSON line per intent and per outcome, appended. A line
 * that is not an entry is a StateError naming the file and line: a damaged journal is never
 * half-trusted. Only a last line cut short by a crash is passed over.
 */
export class JournalFile implements PanelJournal {
  private next = 1;

  constructor(
    readonly dir: string,
    readonly panel: string,
  ) {}

  get path(): string {
    return journalPath(this.dir, this.panel);
  }

  async intend(ops: readonly JournalOp[], now: string): Promise<number[]> {
    const numbers = ops.map(() => this.next++);
    const lines = ops.map((op, i) => JSON.stringify({ t: 'intent', n: numbers[i] ?? 0, op: intentOp(op), at: op.at ?? now } satisfies JournalLine));
    await mkdir(this.dir, { recursive: true });
    await appendFile(this.path, `${lines.join('\n')}\n`);
    return numbers;
  }

  async done(numbers: readonly number[], ok: boolean): Promise<void> {
    if (numbers.length === 0) return;
    await appendFile(this.path, `${numbers.map((n) => JSON.stringify({ t: 'done', n, ok } satisfies JournalLine)).join('\n')}\n`);
  }

  async unfinished(): Promise<JournalOp[]> {
    return (await this.read()).filter((e) => e.ok === undefined).map((e) => e.op);
  }

  async touched(): Promise<JournalOp[]> {
    return (await this.read()).filter((e) => e.ok !== false).map((e) => e.op);
  }

  async release(kind: string, key: string): Promise<number> {
    const records = await this.readNumbered();
    let dropped = 0;
    for (const [n, r] of records) if (r.op.kind === kind && r.op.key === key && (records.delete(n), true)) dropped += 1;
    if (dropped === 0) return 0;
    if (records.size === 0) await this.clear();
    else {
      // Rewritten with the outcomes it had: what stays keeps its meaning.
      const lines = [...records].flatMap(([n, r]) => [
        JSON.stringify({ t: 'intent', n, op: intentOp(r.op), at: r.op.at ?? new Date().toISOString() } satisfies JournalLine),
        ...(r.ok === undefined ? [] : [JSON.stringify({ t: 'done', n, ok: r.ok } satisfies JournalLine)]),
      ]);
      await rm(this.path, { force: true });
      await appendFile(this.path, `${lines.join('\n')}\n`);
    }
    return dropped;
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
    this.next = 1;
  }

  private async read(): Promise<JournalRecord[]> {
    return [...(await this.readNumbered()).values()];
  }

  private async readNumbered(): Promise<Map<number, JournalRecord>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return new Map();
      throw new StateError(`${this.path}: the journal cannot be read (${code ?? String(err)})`);
    }
    const records = new Map<number, JournalRecord>();
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const entry = parseLine(line, i === lines.length - 1);
      if (entry === 'cut') return;
      if (!entry) throw this.damaged(i + 1, 'not a journal entry (expected {"t":"intent","n","op":{kind,key,action}} or {"t":"done","n","ok"})');
      if (entry.t === 'intent') records.set(entry.n, { op: { ...entry.op, ...(typeof entry.at === 'string' ? { at: entry.at } : {}) }, ok: undefined });
      else {
        const known = records.get(entry.n);
        if (known) known.ok = entry.ok;
      }
      this.next = Math.max(this.next, entry.n + 1);
    });
    return records;
  }

  private damaged(line: number, why: string): StateError {
    return new StateError(
      `${this.path}:${line}: ${why}. Nothing was sent to panel ${this.panel}. Look at the file: each intent names an operation a run may have sent; once you have checked those objects on the panel, remove the file (or the bad line) and plan again`,
    );
  }
}

/** An entry, undefined for a line that is not one, or 'cut' for a last line a crash cut short. */
function parseLine(line: string, last: boolean): JournalLine | undefined | 'cut' {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return last ? 'cut' : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  if (!Number.isInteger(e.n)) return undefined;
  if (e.t === 'done') return typeof e.ok === 'boolean' ? (e as JournalLine) : undefined;
  if (e.t !== 'intent' || typeof e.op !== 'object' || e.op === null) return undefined;
  const op = e.op as Record<string, unknown>;
  return typeof op.kind === 'string' && typeof op.key === 'string' && typeof op.action === 'string' ? (e as JournalLine) : undefined;
}
