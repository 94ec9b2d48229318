import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inventory } from '../../inventory/inventory.ts';
import { DamagedEntryError, describeEntryValue, INVENTORY_FORMAT_VERSION, type InventoryFile } from '../../inventory/types.ts';
import { writeAtomic } from '../../shared/write-atomic.ts';
import { StateError } from '../backend.ts';

/** `<state-dir>/<panel>.json`: one panel's inventory, written whole and atomically. */
export const inventoryPath = (dir: string, panel: string): string => join(dir, `${panel}.json`);

/** The inventory file of a panel, or undefined when it has none yet. A damaged file is a StateError naming it. */
export async function readInventoryFile(dir: string, panel: string): Promise<Inventory | undefined> {
  const path = inventoryPath(dir, panel);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new StateError(`${path}: the inventory cannot be read (${code ?? String(err)})`);
  }
  let file: InventoryFile;
  try {
    file = JSON.parse(text) as InventoryFile;
  } catch (err) {
    throw new StateError(`${path}: the inventory is not valid JSON (${(err as Error).message}); restore it from a backup, or move it away to start with no ownership`);
  }
  const restore = 'restore it from a backup, or move it away to start with no ownership';
  if (typeof file !== 'object' || file === null || Array.isArray(file)) throw new StateError(`${path}: the inventory is ${describeEntryValue(file)}, not an object; ${restore}`);
  if (file.formatVersion !== INVENTORY_FORMAT_VERSION) {
    throw new StateError(`${path}: not an inventory of format ${INVENTORY_FORMAT_VERSION} (formatVersion ${String((file as Partial<InventoryFile>).formatVersion)})`);
  }
  if (typeof file.objects !== 'object' || file.objects === null || Array.isArray(file.objects)) {
    throw new StateError(`${path}: "objects" is ${describeEntryValue(file.objects)}, not the map of owned objects; ${restore}`);
  }
  try {
    return new Inventory(panel, file);
  } catch (err) {
    if (!(err instanceof DamagedEntryError)) throw err;
    throw new StateError(`${path}: objects["${err.ref}"] is ${err.found}, not an inventory entry; restore the file from a backup, or remove that entry to release the object`);
  }
}

export async function writeInventoryFile(dir: string, inventory: Inventory): Promise<void> {
  await writeAtomic(inventoryPath(dir, inventory.panel), `${JSON.stringify(inventory.toFile(), null, 1)}\n`);
  inventory.markSaved();
}

/** Panels that have an inventory file in the state directory. */
export async function panelsWithInventoryFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  } catch {
    return [];
  }
}
