/**
 * Fields a panel adds in a later release, and that panelops does not know, must survive an
 * update that replaces the whole object (3x-ui clients, Marzban host lists and proxy settings,
 * PasarGuard groups and hosts): the body starts from the object as read and only the fields
 * panelops manages are set on top. Reads keep the same fields out of the diff, so an unknown
 * field is neither planned nor lost.
 */

export interface CarryOptions {
  /** Read-only fields of the read shape that a write refuses or misreads (row ids, timestamps). */
  readOnly?: readonly string[];
  /** Read-shape names whose write-shape name differs (3x-ui: `uuid` is read, `id` is written). */
  renamed?: Readonly<Record<string, string>>;
}

/** The body of a whole-object update: every field read, in the write's names, then `managed` on top. */
export function carriedBody(live: object | null | undefined, managed: Readonly<Record<string, unknown>>, options: CarryOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const readOnly = new Set(options.readOnly ?? []);
  for (const [field, value] of Object.entries(live ?? {})) {
    if (readOnly.has(field) || value === undefined) continue;
    out[options.renamed?.[field] ?? field] = value;
  }
  for (const [field, value] of Object.entries(managed)) if (value !== undefined) out[field] = value;
  return out;
}

/** Only the fields a manifest can set, from an object as read: unknown ones are carried, never diffed. */
export function managedFields<T extends object>(read: object | null | undefined, fields: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  const given = (read ?? {}) as Record<string, unknown>;
  for (const field of fields) if (given[field] !== undefined) out[field] = given[field];
  return out as Partial<T>;
}
