import { readFile, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalState } from '../../controller/state/local/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const NOW = '2026-12-08T00:00:00.000Z';

/**
 * A controller's state read every interval: the inventory file unchanged since it was read is
 * not parsed again, and any change (another writer's file, an unsaved change of this process)
 * makes it read again.
 */
describe('local state: the inventory of an unchanged file is read once', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  let state: LocalState;
  beforeEach(async () => {
    dir = await tempDir();
    const writer = new LocalState(dir.path);
    const { inventory } = await writer.snapshot('mz');
    inventory.record('User', 'alice', { specHash: 'a1', adopted: true }, NOW);
    await writer.saveInventory(inventory);
    state = new LocalState(dir.path);
  });
  afterEach(() => dir.cleanup());

  it('the same file gives the same inventory, without a parse', async () => {
    const first = (await state.snapshot('mz')).inventory;
    const second = (await state.snapshot('mz')).inventory;
    expect(second).toBe(first);
    expect(second.get('User', 'alice')?.specHash).toBe('a1');
  });

  it("another writer's file is read again", async () => {
    const first = (await state.snapshot('mz')).inventory;
    // Another process records bob and replaces the file whole, as every write does.
    const other = new LocalState(dir.path);
    const theirs = (await other.snapshot('mz')).inventory;
    theirs.record('User', 'bob', { specHash: 'b1', adopted: true }, NOW);
    await other.saveInventory(theirs);
    const again = (await state.snapshot('mz')).inventory;
    expect(again).not.toBe(first);
    expect(again.owns('User', 'bob')).toBe(true);
  });

  it('a file replaced by one of the same size is read again', async () => {
    const first = (await state.snapshot('mz')).inventory;
    const path = join(dir.path, 'mz.json');
    const text = (await readFile(path, 'utf8')).replace('"a1"', '"z9"');
    await writeFile(`${path}.tmp`, text);
    await rename(`${path}.tmp`, path);
    const again = (await state.snapshot('mz')).inventory;
    expect(again).not.toBe(first);
    expect(again.get('User', 'alice')?.specHash).toBe('z9');
  });

  it('an inventory with a change this process did not save is read again from the file', async () => {
    const first = (await state.snapshot('mz')).inventory;
    first.record('User', 'carol', { specHash: 'c1', adopted: true }, NOW); // an apply that died before saving
    const again = (await state.snapshot('mz')).inventory;
    expect(again).not.toBe(first);
    expect(again.owns('User', 'carol')).toBe(false);
  });

  it('after its own save, the next read is of the saved file', async () => {
    const first = (await state.snapshot('mz')).inventory;
    first.forget('User', 'alice');
    await state.saveInventory(first);
    const again = (await state.snapshot('mz')).inventory;
    expect(again.owns('User', 'alice')).toBe(false);
    expect((await state.snapshot('mz')).inventory).toBe(again);
  });
});
