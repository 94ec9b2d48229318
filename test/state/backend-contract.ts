import { expect, it } from 'vitest';
import { Inventory } from '../../controller/inventory/inventory.ts';
import { LockError, type StateBackend } from '../../controller/state/backend.ts';

const NOW = '2026-01-01T00:00:00.000Z';

/**
 * What every state backend must do, as one suite: each backend's test file runs it with a
 * factory that opens two independent handles on the same state (two machines, or two runs).
 */
export function stateBackendContract(open: () => Promise<{ a: StateBackend; b: StateBackend; close(): Promise<void> }>): void {
  const withPair = (fn: (a: StateBackend, b: StateBackend) => Promise<void>) => async () => {
    const pair = await open();
    try {
      await fn(pair.a, pair.b);
    } finally {
      await pair.close();
    }
  };

  it('a new panel gets an empty inventory whose salt stays the same on the next read elsewhere', withPair(async (a, b) => {
    const first = await a.snapshot('p1');
    expect(first.inventory.count()).toBe(0);
    expect((await b.snapshot('p1')).inventory.salt).toBe(first.inventory.salt);
    expect(await b.panels()).toContain('p1');
  }));

  it('saves what changed, and the other handle reads exactly that', withPair(async (a, b) => {
    const { inventory } = await a.snapshot('p2');
    inventory.type = 'marzban';
    inventory.record('User', 'alice', { specHash: 'h1', id: 7, applied: { owner: 'x' } }, NOW);
    inventory.record('User', 'bob', { specHash: 'h2', adopted: true }, NOW);
    await a.saveInventory(inventory);
    inventory.forget('User', 'bob');
    inventory.record('Admin', 'root', { specHash: 'h3', protect: true }, NOW);
    await a.saveInventory(inventory);
    const seen = (await b.snapshot('p2')).inventory;
    expect(seen.entries()).toEqual(inventory.entries());
    expect(seen.type).toBe('marzban');
    expect(seen.get('User', 'alice')).toMatchObject({ id: 7, applied: { owner: 'x' } });
  }));

  it('journals intents and outcomes; touched, unfinished, release and clear', withPair(async (a, b) => {
    const journal = a.journal('p3');
    const [n1, n2, n3] = await journal.intend(
      [
        { kind: 'User', key: 'c1', action: 'create' },
        { kind: 'User', key: 'c2', action: 'create' },
        { kind: 'User', key: 'u3', action: 'update' },
      ],
      NOW,
    );
    await journal.done([n1 ?? 0], true);
    await journal.done([n3 ?? 0], false);
    expect(n2).toBeGreaterThan(0);
    const other = b.journal('p3');
    expect((await other.unfinished()).map((o) => o.key)).toEqual(['c2']);
    expect((await other.touched()).map((o) => o.key).sort()).toEqual(['c1', 'c2']);
    expect((await b.snapshot('p3')).touched.map((o) => o.key).sort()).toEqual(['c1', 'c2']);
    expect(await other.release('User', 'c2')).toBe(1);
    expect((await journal.touched()).map((o) => o.key)).toEqual(['c1']);
    await journal.clear();
    expect(await other.touched()).toEqual([]);
  }));

  it('one lock holder per panel: the other waits, then is refused naming the holder', withPair(async (a, b) => {
    const held = await a.acquireLock('p4', { command: 'apply', revision: 'r1' }, { timeoutMs: 1000 });
    expect(await b.tryLock('p4', { command: 'plan' })).toBeUndefined();
    expect((await b.lockHolder('p4'))?.command).toBe('apply');
    await expect(b.acquireLock('p4', { command: 'apply' }, { timeoutMs: 300, pollMs: 50 })).rejects.toBeInstanceOf(LockError);
    await held.release();
    const next = await b.tryLock('p4', { command: 'run', replica: 'r-2' });
    expect(next).toBeDefined();
    expect((await a.lockHolder('p4'))?.replica).toBe('r-2');
    await next?.release();
    expect(await a.lockHolder('p4')).toBeUndefined();
  }));

  it('replaceInventory writes a whole inventory, salt included', withPair(async (a, b) => {
    const source = new Inventory('p5', { formatVersion: 1, panel: 'p5', type: '3x-ui', salt: 'feedface', objects: { 'Client/x': { specHash: 's', createdAt: NOW, updatedAt: NOW } } });
    await a.replaceInventory(source);
    const seen = (await b.snapshot('p5')).inventory;
    expect(seen.toFile()).toEqual(source.toFile());
  }));
}
