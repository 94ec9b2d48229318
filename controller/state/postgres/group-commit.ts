/**
 * Calls that arrive while a statement is on its way join the next one: N concurrent
 * operations cost one round trip each way instead of N. Every caller still waits for the
 * statement that carries its items, so nothing is acknowledged before it is committed.
 */
export class GroupCommit<In, Out> {
  private pending: Array<{ items: readonly In[]; resolve: (out: Out[]) => void; reject: (err: unknown) => void }> = [];
  private running: Promise<void> | undefined;

  /** `write` returns one result per item, in the order given. */
  constructor(private readonly write: (items: readonly In[]) => Promise<Out[]>) {}

  submit(items: readonly In[]): Promise<Out[]> {
    return new Promise<Out[]>((resolve, reject) => {
      this.pending.push({ items, resolve, reject });
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    // One turn of the event loop first: the other operations of the same queue tick join in.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const group = this.pending;
      this.pending = [];
      try {
        const out = await this.write(group.flatMap((g) => g.items));
        let at = 0;
        for (const g of group) {
          g.resolve(out.slice(at, at + g.items.length));
          at += g.items.length;
        }
      } catch (err) {
        for (const g of group) g.reject(err);
      }
    }
    this.running = undefined;
  }
}
