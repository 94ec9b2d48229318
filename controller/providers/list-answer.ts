import { PanelError } from './errors.ts';
import { describe } from './response-body.ts';

/** Where a list answer came from, for the error that refuses it. */
export interface ListSource {
  panel: string;
  route: string;
  /** The field of the answer that holds the list, when it is not the whole answer. */
  field?: string;
}

/**
 * A list that is not a list is not an empty panel (issue 13 point 4): reading a wrong type,
 * `null`, a missing field or an error envelope as "no objects" would plan a create for every
 * object panelops owns there. The error fails the panel's observation instead, so that
 * panel gets no operations.
 */
export function malformed(source: ListSource, problem: string): PanelError {
  const where = source.field ? `"${source.field}" of GET ${source.route}` : `GET ${source.route}`;
  return new PanelError(`${where}: ${problem}; the answer is not read as an empty list, so nothing is planned on this panel`, { panel: source.panel, route: source.route, retryable: false });
}

/** `value` as a list of objects that each carry `key` (when given) as a non-empty string; a PanelError otherwise. */
export function listOf<T>(value: unknown, source: ListSource, key?: string): T[] {
  if (!Array.isArray(value)) throw malformed(source, `the answer holds ${describe(value)} where a list should be`);
  value.forEach((item, index) => checkRow(item, index, source, key));
  return value as T[];
}

/** `value` as an object whose every field holds a list of objects (Marzban hosts and inbounds). */
export function listsByName<T>(value: unknown, source: ListSource, key?: string): Record<string, T[]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed(source, `the answer holds ${describe(value)} where an object of lists should be`);
  for (const [name, list] of Object.entries(value)) {
    if (!Array.isArray(list)) throw malformed(source, `"${name}" holds ${describe(list)} where a list should be`);
    list.forEach((item, index) => checkRow(item, index, { ...source, field: name }, key));
  }
  return value as Record<string, T[]>;
}

/** The field of an answer object; a PanelError when the answer is no object or lacks it. */
export function fieldOf(body: unknown, source: ListSource & { field: string }): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw malformed({ panel: source.panel, route: source.route }, `the answer is ${describe(body)}, not an object with "${source.field}"`);
  if (!(source.field in body)) throw malformed(source, 'the field is missing (an error envelope?)');
  return (body as Record<string, unknown>)[source.field];
}

function checkRow(item: unknown, index: number, source: ListSource, key: string | undefined): void {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw malformed(source, `item ${index} is ${describe(item)}, not an object`);
  if (key === undefined) return;
  const value = (item as Record<string, unknown>)[key];
  if (typeof value !== 'string' || value === '') throw malformed(source, `item ${index} has ${describe(value)} as its "${key}"`);
}

/** The list in field `field` of an answer object (`{"users":[…]}`), checked as by `listOf`. */
export const listIn = <T>(body: unknown, source: ListSource & { field: string }, key?: string): T[] => listOf<T>(fieldOf(body, source), source, key);
