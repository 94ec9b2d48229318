import type { FieldChange } from '../contract/panel.ts';
import { listChangeLines } from './list-changes.ts';

const MAX = 160;

/** A field value on one line: strings bare when they are a unit's human form, JSON otherwise, cut when very long. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

/** A value shown in its manifest unit (`display`), bare: 20GiB, 30d, 2027-01-31. */
const formatDisplayed = (value: unknown): string => (typeof value === 'string' ? value : formatValue(value));

/**
 * One change as lines: "field: old → new", values in manifest units where the field has one.
 * A list shows its elements added, removed, changed and moved; a secret shows only that it changes.
 */
export function formatChange(change: FieldChange, mode: 'create' | 'update' | 'delete'): string[] {
  if (change.secret) return [`${change.path}: (secret ${mode === 'create' || change.firstSet ? 'set' : 'changed'})`];
  const shown = change.display;
  const before = shown && 'before' in shown ? shown.before : change.before;
  const after = shown && 'after' in shown ? shown.after : change.after;
  const format = shown ? formatDisplayed : formatValue;
  if (mode === 'create') return [`${change.path}: ${format(after)}`];
  if (mode === 'delete') return [`${change.path}: ${format(before)}`];
  if (Array.isArray(before) && Array.isArray(after)) return [`${change.path}:`, ...listChangeLines(before, after, format).map((l) => `  ${l}`)];
  return [`${change.path}: ${format(before)} → ${format(after)}`];
}
