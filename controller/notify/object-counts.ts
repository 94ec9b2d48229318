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
