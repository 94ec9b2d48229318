import type { ChangeSetEntry } from '../engine/types.ts';

/**
 * Apply progress on stderr: one updating line on a TTY, otherwise a line every `every`
 * operations (and at the end), so CI logs show a long apply moving without flooding.
 */
export class ApplyProgress {
  private done = 0;
  private failed = 0;
  private lastPrinted = 0;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly total: number,
    private readonly every = Math.max(10, Math.ceil(total / 20)),
  ) {}

  record = (entry: ChangeSetEntry): void => {
    this.done += 1;
    if (entry.result === 'failed') this.failed += 1;
    if (this.out.isTTY) {
      this.out.write(`\r${this.line()}`);
      if (this.done === this.total) this.out.write('\n');
    } else if (this.done - this.lastPrinted >= this.every || this.done === this.total) {
      this.lastPrinted = this.done;
      this.out.write(`${this.line()}\n`);
    }
  };

  private line(): string {
    const width = 30;
    const filled = this.total ? Math.round((this.done / this.total) * width) : width;
    const failed = this.failed ? `, ${this.failed} failed` : '';
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} operations${failed}`;
  }
}
