import { randomBytes } from 'node:crypto';
import { entryKey, INVENTORY_FORMAT_VERSION, splitEntryKey, type InventoryEntry, type InventoryFile } from './types.ts';

/**
 * The ownership set of one panel, as plain set algebra over "Kind/key" entries: what is
 * owned, what was applied, what is gone. No I/O here; the store reads and writes it.
 */
export class Inventory {
  private readonly objects: Map<string, InventoryEntry>;
  readonly salt: string;
  type: string | undefined;

  constructor(
    readonly panel: string,
    file?: InventoryFile,
  ) {
    this.type = file?.type;
    this.salt = file?.salt ?? randomBytes(16).toString('hex');
    this.objects = new Map(Object.entries(file?.objects ?? {}));
  }

  get(kind: string, key: string): InventoryEntry | undefined {
    return this.objects.get(entryKey(kind, key));
  }

  owns(kind: string, key: string): boolean {
    return this.objects.has(entryKey(kind, key));
  }

  /** Keys owned of one kind. */
  keys(kind: string): string[] {
    const out: string[] = [];
    for (const ref of this.objects.keys()) {
      const { kind: k, key } = splitEntryKey(ref);
      if (k === kind) out.push(key);
    }
    return out;
  }

  count(kind?: string): number {
    return kind === undefined ? this.objects.size : this.keys(kind).length;
  }

  kinds(): string[] {
    return [...new Set([...this.objects.keys()].map((r) => splitEntryKey(r).kind))];
  }

  /** Records a successful create, update or adoption. Keeps createdAt and secret hashes not replaced. */
  record(kind: string, key: string, update: Omit<InventoryEntry, 'createdAt' | 'updatedAt'>, now: string): void {
    const ref = entryKey(kind, key);
    const before = this.objects.get(ref);
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
    this.objects.set(ref, entry);
  }

  forget(kind: string, key: string): boolean {
    return this.objects.delete(entryKey(kind, key));
  }

  entries(): Array<[string, InventoryEntry]> {
    return [...this.objects.entries()].sort(([a], [b]) => a.localeCompare(b));
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
