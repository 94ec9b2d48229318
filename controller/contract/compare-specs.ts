import deepDiff from 'deep-diff';
import { sameValue } from '../shared/canonical-json.ts';
import type { FieldChange, Spec } from './panel.ts';

const NOTHING: ReadonlySet<string> = new Set();

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Compares the fields a manifest sets with the live object. Fields the manifest leaves out
 * are not managed and never reported. Nested objects are reported leaf by leaf; arrays as a
 * whole (their order is meaningful, or the provider sorted them when normalizing).
 */
export function compareSpecs(desired: Spec, observed: Spec, skip: ReadonlySet<string> = NOTHING): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field in desired) {
    const want = desired[field];
    if (want === undefined || skip.has(field)) continue;
    const have = observed[field];
    if (sameValue(want, have)) continue;
    if (isPlainObject(want) && isPlainObject(have)) changes.push(...nestedChanges(field, have, want));
    else changes.push(change(field, have, want));
  }
  return changes;
}

function nestedChanges(field: string, before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const out = new Map<string, FieldChange>();
  for (const d of deepDiff.diff(before, after) ?? []) {
    // Stop at the first array on the path: an array changes as one value.
    const path = d.path ?? [];
    const arrayAt = path.findIndex((_, i) => Array.isArray(valueAt(before, path.slice(0, i + 1))) || Array.isArray(valueAt(after, path.slice(0, i + 1))));
    const cut = arrayAt >= 0 ? path.slice(0, arrayAt + 1) : path;
    const key = [field, ...cut].join('.');
    if (!out.has(key)) out.set(key, change(key, valueAt(before, cut), valueAt(after, cut)));
  }
  return [...out.values()];
}

function valueAt(root: unknown, path: readonly unknown[]): unknown {
  let cursor = root;
  for (const p of path) cursor = isPlainObject(cursor) || Array.isArray(cursor) ? (cursor as Record<string, unknown>)[String(p)] : undefined;
  return cursor;
}

function change(path: string, before: unknown, after: unknown): FieldChange {
  const c: FieldChange = { path };
  if (before !== undefined) c.before = before;
  if (after !== undefined) c.after = after;
  return c;
}
