import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Inventory } from './inventory.ts';
import { INVENTORY_FORMAT_VERSION, type InventoryFile } from './types.ts';

/** Reads and writes `state/<panel>.json`. Writes are atomic: a temp file, fsync, then rename. */
export class InventoryStore {
  constructor(readonly dir: string) {}

  path(panel: string): string {
    return join(this.dir, `${panel}.json`);
  }

  async load(panel: string): Promise<Inventory> {
    let text: string;
    try {
      text = await readFile(this.path(panel), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // Saved at once, empty: its salt must stay the same between a `plan --out` and the
      // `apply` of that plan, which compares salted hashes of the desired secrets.
      const fresh = new Inventory(panel);
      await this.save(fresh);
      return fresh;
    }
    const file = JSON.parse(text) as InventoryFile;
    if (file.formatVersion !== INVENTORY_FORMAT_VERSION) {
      throw new Error(`${this.path(panel)}: inventory format ${String(file.formatVersion)} is not supported (expected ${INVENTORY_FORMAT_VERSION})`);
    }
    return new Inventory(panel, file);
  }

  async save(inventory: Inventory): Promise<void> {
    await writeAtomic(this.path(inventory.panel), `${JSON.stringify(inventory.toFile(), null, 1)}\n`);
  }
}

export async function writeAtomic(path: string, content: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

/** Panels that have an inventory file in the state directory. */
export async function panelsWithState(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  } catch {
    return [];
  }
}
