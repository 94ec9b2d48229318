import { randomBytes } from 'node:crypto';
import { DamagedEntryError, describeEntryValue, entryKey, INVENTORY_FORMAT_VERSION, type InventoryEntry, type InventoryFile } from './types.ts';

const NO_ENTRIES: ReadonlyMap<string, InventoryEntry> = new Map();

/**
 * The ownership set of one panel, as plain set algebra over "Kind/key" entries: what is
 * owned, what was applied, what is gone. No I/O here; the store reads and writes it.
 */
export class Inventory {
  /** By kind, then key: lookups build no strings, and one kind's keys come without a scan. */
  private readonly objects = new Map<string, Map<string, InventoryEntry>>();
  /** "Kind/key" of entries recorded or forgotten since the last save: a database writes only these rows. */
  private readonly changed = new Set<string>();
  readonly salt: string;
  type: string | undefined;

  constructor(
    readonly panel: string,
    file?: InventoryFile,
  ) {
    this.type = file?.type;
    this.salt = file?.salt ?? randomBytes(16).toString('hex');
    const entries = file?.objects ?? {};
    // Timestamps repeat (an import or an apply stamps thousands of entries alike): one string each.
    const stamps = new Map<string, string>();
    const stamp = (s: string) => stamps.get(s) ?? (stamps.set(s, s), s);
    let kind = '';
    let ofKind: Map<string, InventoryEntry> | undefined;
    for (const ref in entries) {
      const slash = ref.indexOf('/');
      // Entries come sorted, so a kind's entries are together: its map is looked up once per kind.
      if (!ofKind || ref.length <= kind.length || !ref.startsWith(kind) || ref[kind.length] !== '/') {
        kind = ref.slice(0, slash);
        ofKind = this.ofKind(kind);
      }
      const entry = entries[ref] as InventoryEntry;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new DamagedEntryError(ref, describeEntryValue(entry));
      entry.createdAt = stamp(entry.createdAt);
      entry.updatedAt = stamp(entry.updatedAt);
      ofKind.set(ref.slice(slash + 1), entry);
    }
  }

  private ofKind(kind: string): Map<string, InventoryEntry> {
    let map = this.objects.get(kind);
    if (!map) this.objects.set(kind, (map = new Map()));
    return map;
  }

  get(kind: string, key: string): InventoryEntry | undefined {
    return this.objects.get(kind)?.get(key);
  }

  owns(kind: string, key: string): boolean {
    return this.objects.get(kind)?.has(key) ?? false;
  }

  /** Keys owned of one kind, without copying them (the inventory must not change meanwhile). */
  keysOf(kind: string): IterableIterator<string> {
    return (this.objects.get(kind) ?? NO_ENTRIES).keys();
  }

  /** Keys owned of one kind. */
  keys(kind: string): string[] {
    return [...(this.objects.get(kind)?.keys() ?? [])];
  }

  count(kind?: string): number {
    if (kind !== undefined) return this.objects.get(kind)?.size ?? 0;
    let n = 0;
    for (const map of this.objects.values()) n += map.size;
    return n;
  }

  kinds(): string[] {
    return [...this.objects].filter(([, map]) => map.size > 0).map(([kind]) => kind);
  }

  /** Records a successful create, update or adoption. Keeps createdAt and secret hashes not replaced. */
  record(kind: string, key: string, update: Omit<InventoryEntry, 'createdAt' | 'updatedAt'>, now: string): void {
    const before = this.get(kind, key);
    const entry: InventoryEntry = {
      ...before,
      ...update,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    const hashes = { ...before?.secretHashes, ...update.secretHashes };
    if (Object.keys(hashes).length > 0) entry.secretHashes = hashes;
    if (!entry.protect) delete entry.protect;
    // Recorded values describe the last apply only: a field dropped from the manifest is forgotten.
    if (update.applied === undefined) delete entry.applied;
    this.ofKind(kind).set(key, entry);
    this.changed.add(entryKey(kind, key));
  }

  forget(kind: string, key: string): boolean {
    const gone = this.objects.get(kind)?.delete(key) ?? false;
    if (gone) this.changed.add(entryKey(kind, key));
    return gone;
  }

  /** Entries changed since the last save: the entry, or undefined when it was forgotten. */
  pendingChanges(): Array<[string, InventoryEntry | undefined]> {
    return [...this.changed].sort().map((ref) => {
      const slash = ref.indexOf('/');
      return [ref, this.get(ref.slice(0, slash), ref.slice(slash + 1))];
    });
  }

  /** How many entries were recorded or forgotten since the last save. */
  get unsaved(): number {
    return this.changed.size;
  }

  /** Called by a backend once the pending changes are stored. */
  markSaved(): void {
    this.changed.clear();
  }

  entries(): Array<[string, InventoryEntry]> {
    const out: Array<[string, InventoryEntry]> = [];
    for (const [kind, map] of this.objects) for (const [key, entry] of map) out.push([entryKey(kind, key), entry]);
    return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  toFile(): InventoryFile {
    return {
      formatVersion: INVENTORY_FORMAT_VERSION,
      panel: this.panel,
      ...(this.type ? { type: this.type } : {}),
      salt: this.salt,
      objects: Object.fromEntries(this.entries()),
    };
  }
}
