/** What panelops knows about one object it owns on a panel. */
export interface InventoryEntry {
  /** The panel's id for the object, when it has one. */
  id?: string | number;
  /** Hash of the desired spec last applied, to tell manifest changes from panel drift. */
  specHash: string;
  /** Salted hashes of the secrets last applied, by field. Never the secrets. */
  secretHashes?: Record<string, string>;
  protect?: boolean;
  /** Last applied values of recorded and write-only fields (KindDescriptor.recordedFields). Never secrets. */
  applied?: Record<string, unknown>;
  /** Taken over (import or policy.adopt) rather than created by panelops. */
  adopted?: boolean;
  createdAt: string;
  updatedAt: string;
}

export const INVENTORY_FORMAT_VERSION = 1;

/** `state/<panel>.json`: the objects panelops owns on one panel, by "Kind/key". */
export interface InventoryFile {
  formatVersion: typeof INVENTORY_FORMAT_VERSION;
  panel: string;
  /** The panel type, so state alone tells what kind of panel it describes. */
  type?: string;
  /** Random per panel; salts the secret hashes so they cannot be compared across installs. */
  salt: string;
  objects: Record<string, InventoryEntry>;
}

/** An inventory entry that is not one (a string, null, a list): the store names where it lies. */
export class DamagedEntryError extends Error {
  constructor(
    readonly ref: string,
    readonly found: string,
  ) {
    super(`${ref}: the entry is ${found}, not an inventory entry`);
    this.name = 'DamagedEntryError';
  }
}

/** What a damaged entry is, in words: "null", "a string", "a list". */
export const describeEntryValue = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : `a ${typeof v}`);

export const entryKey = (kind: string, key: string): string => `${kind}/${key}`;

export function splitEntryKey(ref: string): { kind: string; key: string } {
  const slash = ref.indexOf('/');
  return { kind: ref.slice(0, slash), key: ref.slice(slash + 1) };
}
