import type pg from 'pg';
import { Inventory } from '../../inventory/inventory.ts';
import { DamagedEntryError, INVENTORY_FORMAT_VERSION, type InventoryEntry, type InventoryFile } from '../../inventory/types.ts';
import { StateError } from '../backend.ts';

/** The panel's row and objects, in the InventoryFile shape; undefined when the panel has no row yet. */
export async function readInventory(client: pg.ClientBase, panel: string): Promise<Inventory | undefined> {
  const head = await client.query<{ type: string | null; salt: string }>('SELECT type, salt FROM panelops_panels WHERE panel = $1', [panel]);
  const row = head.rows[0];
  if (!row) return undefined;
  // One row holding the whole object map: the server builds it, the client parses one JSON
  // text, as fast as reading the inventory file (200,000 rows as rows cost a JS object each).
  const objects = await client.query<{ objects: Record<string, InventoryEntry> | null }>(
    `SELECT json_object_agg(kind || '/' || key, entry ORDER BY kind, key) AS objects FROM panelops_objects WHERE panel = $1`,
    [panel],
  );
  const file: InventoryFile = {
    formatVersion: INVENTORY_FORMAT_VERSION,
    panel,
    ...(row.type ? { type: row.type } : {}),
    salt: row.salt,
    objects: objects.rows[0]?.objects ?? {},
  };
  try {
    return new Inventory(panel, file);
  } catch (err) {
    if (!(err instanceof DamagedEntryError)) throw err;
    const slash = err.ref.indexOf('/');
    throw new StateError(`the panelops_objects row (panel ${panel}, kind ${err.ref.slice(0, slash)}, key ${err.ref.slice(slash + 1)}) holds ${err.found}, not an inventory entry: fix or delete that row`);
  }
}

/** Creates the panel's row unless another process just did; either way the stored salt wins. */
export async function createPanel(client: pg.Pool | pg.ClientBase, inventory: Inventory): Promise<void> {
  await client.query('INSERT INTO panelops_panels (panel, type, salt) VALUES ($1, $2, $3) ON CONFLICT (panel) DO NOTHING', [inventory.panel, inventory.type ?? null, inventory.salt]);
}

async function upsertPanel(client: pg.ClientBase, inventory: Inventory): Promise<void> {
  await client.query('INSERT INTO panelops_panels (panel, type, salt) VALUES ($1, $2, $3) ON CONFLICT (panel) DO UPDATE SET type = excluded.type, salt = excluded.salt', [
    inventory.panel,
    inventory.type ?? null,
    inventory.salt,
  ]);
}

function split(ref: string): [string, string] {
  const slash = ref.indexOf('/');
  return [ref.slice(0, slash), ref.slice(slash + 1)];
}

/** Upserts entries with one statement: three parallel arrays, unnested by the server. */
async function upsertObjects(client: pg.ClientBase, panel: string, entries: ReadonlyArray<[string, InventoryEntry]>): Promise<number> {
  if (entries.length === 0) return 0;
  const kinds: string[] = [];
  const keys: string[] = [];
  const bodies: string[] = [];
  for (const [ref, entry] of entries) {
    const [kind, key] = split(ref);
    kinds.push(kind);
    keys.push(key);
    bodies.push(JSON.stringify(entry));
  }
  const result = await client.query(
    `INSERT INTO panelops_objects (panel, kind, key, entry)
     SELECT $1, k, n, e FROM unnest($2::text[], $3::text[], $4::json[]) AS t(k, n, e)
     ON CONFLICT (panel, kind, key) DO UPDATE SET entry = excluded.entry`,
    [panel, kinds, keys, bodies],
  );
  return result.rowCount ?? 0;
}

async function deleteObjects(client: pg.ClientBase, panel: string, refs: readonly string[]): Promise<number> {
  if (refs.length === 0) return 0;
  const pairs = refs.map(split);
  const result = await client.query('DELETE FROM panelops_objects o USING unnest($2::text[], $3::text[]) AS t(k, n) WHERE o.panel = $1 AND o.kind = t.k AND o.key = t.n', [
    panel,
    pairs.map((p) => p[0]),
    pairs.map((p) => p[1]),
  ]);
  return result.rowCount ?? 0;
}

/** Writes the rows recorded or forgotten since the inventory was read or saved; the caller commits. */
export async function writeChanges(client: pg.ClientBase, inventory: Inventory): Promise<{ upserted: number; deleted: number }> {
  const changes = inventory.pendingChanges();
  await upsertPanel(client, inventory);
  const present = changes.filter((c): c is [string, InventoryEntry] => c[1] !== undefined);
  const gone = changes.filter((c) => c[1] === undefined).map((c) => c[0]);
  return { upserted: await upsertObjects(client, inventory.panel, present), deleted: await deleteObjects(client, inventory.panel, gone) };
}

/** Replaces every row of the panel with the inventory's entries (state migrate); the caller commits. */
export async function writeWhole(client: pg.ClientBase, inventory: Inventory): Promise<void> {
  await upsertPanel(client, inventory);
  await client.query('DELETE FROM panelops_objects WHERE panel = $1', [inventory.panel]);
  await upsertObjects(client, inventory.panel, inventory.entries());
}
