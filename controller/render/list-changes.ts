import { compareSpecs } from '../contract/compare-specs.ts';
import { sameValue } from '../shared/canonical-json.ts';

type Item = unknown;
type Format = (v: unknown) => string;

/** Fields that name a list element, in the order they are tried: a host's remark, a rule's name... */
const IDENTITY_FIELDS = ['remark', 'name', 'tag', 'email', 'username', 'address', 'id'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The field every element of both lists has, with unique values: elements are matched on it. */
function identityField(before: readonly Item[], after: readonly Item[]): string | undefined {
  const all = [...before, ...after];
  if (!all.every(isRecord)) return undefined;
  return IDENTITY_FIELDS.find((f) => {
    const unique = (list: readonly Item[]) => {
      const values = list.map((i) => (i as Record<string, unknown>)[f]);
      return values.every((v) => typeof v === 'string' || typeof v === 'number') && new Set(values).size === values.length;
    };
    return unique(before) && unique(after);
  });
}

/**
 * A list change element by element: `+` added, `-` removed, `~` changed (field by field), `↕`
 * moved. Elements are matched by an identity field when they have one, else by value (scalars)
 * or by position.
 */
export function listChangeLines(before: readonly Item[], after: readonly Item[], format: Format): string[] {
  const field = identityField(before, after);
  if (!field && [...before, ...after].every((v) => !isRecord(v) && !Array.isArray(v))) return scalarLines(before, after, format);
  const keyOf = (item: Item, i: number) => (field ? String((item as Record<string, unknown>)[field]) : `#${i}`);
  const label = (item: Item, i: number) => (field ? `${field} ${format((item as Record<string, unknown>)[field])}` : `[${i}]`);
  const old = new Map(before.map((item, i) => [keyOf(item, i), { item, i }]));
  const lines: string[] = [];
  after.forEach((item, i) => {
    const was = old.get(keyOf(item, i));
    old.delete(keyOf(item, i));
    if (!was) return void lines.push(`+ ${label(item, i)}: ${format(item)}`);
    if (was.i !== i && field) lines.push(`↕ ${label(item, i)}: moved from position ${was.i + 1} to ${i + 1}`);
    if (sameValue(was.item, item)) return;
    if (isRecord(was.item) && isRecord(item)) {
      for (const c of compareSpecs(item, was.item)) lines.push(`~ ${label(item, i)} ${c.path}: ${format(c.before)} → ${format(c.after)}`);
      for (const gone of Object.keys(was.item).filter((k) => !(k in item))) lines.push(`~ ${label(item, i)} ${gone}: ${format(was.item[gone])} → (unset)`);
    } else lines.push(`~ ${label(item, i)}: ${format(was.item)} → ${format(item)}`);
  });
  for (const { item, i } of old.values()) lines.push(`- ${label(item, i)}: ${format(item)}`);
  return lines;
}

function scalarLines(before: readonly Item[], after: readonly Item[], format: Format): string[] {
  const had = new Set(before.map((v) => JSON.stringify(v)));
  const has = new Set(after.map((v) => JSON.stringify(v)));
  const added = after.filter((v) => !had.has(JSON.stringify(v)));
  const removed = before.filter((v) => !has.has(JSON.stringify(v)));
  const lines = [...added.map((v) => `+ ${format(v)}`), ...removed.map((v) => `- ${format(v)}`)];
  if (lines.length === 0) lines.push(`↕ order: ${format(before)} → ${format(after)}`);
  return lines;
}
