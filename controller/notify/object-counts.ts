import type { PlannedOperation } from '../engine/types.ts';

/** Names listed in a message before "and N more": counts per kind carry the rest (issue 16 point 2). */
export const LISTED_OBJECTS = 5;

export function countByKind(ops: readonly PlannedOperation[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const op of ops) {
    const kind = (out[op.kind] ??= {});
    kind[op.action] = (kind[op.action] ?? 0) + 1;
  }
  return out;
}

/** "User: 3 update, 1 create" per kind. */
export function countLines(counts: Record<string, Record<string, number>>): string[] {
  return Object.entries(counts).map(([kind, actions]) => `${kind}: ${Object.entries(actions).map(([a, n]) => `${n} ${a}`).join(', ')}`);
}

/** At most `cap` items, then one line saying how many were left out. */
export function capped(items: readonly string[], cap = LISTED_OBJECTS): string[] {
  return items.length <= cap ? [...items] : [...items.slice(0, cap), `and ${items.length - cap} more`];
}

export const objectName = (op: PlannedOperation): string => `${op.kind}/${op.key}`;

/** Fields named per object before "…": a message names what moved, not a whole spec. */
const LISTED_FIELDS = 6;

/** "User/alice: dataLimit, expire": the fields an operation changes, by path only (never a value, secret or not). */
export function objectWithFields(op: PlannedOperation): string {
  const paths = [...new Set(op.changes.map((c) => c.path))];
  if (paths.length === 0) return objectName(op);
  const shown = paths.slice(0, LISTED_FIELDS).join(', ');
  return `${objectName(op)}: ${shown}${paths.length > LISTED_FIELDS ? `, … (${paths.length} fields)` : ''}`;
}

/** "Fields: dataLimit ×12, expire ×3": which fields moved across all operations, most moved first. */
export function fieldCountLine(ops: readonly PlannedOperation[]): string[] {
  const counts = new Map<string, number>();
  for (const op of ops) for (const path of new Set(op.changes.map((c) => c.path))) counts.set(path, (counts.get(path) ?? 0) + 1);
  if (counts.size === 0) return [];
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, LISTED_FIELDS).map(([path, n]) => `${path} ×${n}`);
  return [`Fields: ${shown.join(', ')}${sorted.length > LISTED_FIELDS ? `, and ${sorted.length - LISTED_FIELDS} more` : ''}`];
}
