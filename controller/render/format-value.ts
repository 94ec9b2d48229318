import type { FieldChange } from '../providers/types.ts';

const MAX = 120;

/** A field value on one line: JSON, cut when long. Secrets never reach here (see formatChange). */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

/** "field: old → new"; a secret field shows only that it changes. */
export function formatChange(change: FieldChange, mode: 'create' | 'update' | 'delete'): string {
  if (change.secret) return `${change.path}: (secret ${mode === 'create' ? 'set' : 'changed'})`;
  if (mode === 'create') return `${change.path}: ${formatValue(change.after)}`;
  if (mode === 'delete') return `${change.path}: ${formatValue(change.before)}`;
  return `${change.path}: ${formatValue(change.before)} → ${formatValue(change.after)}`;
}
