import type { FieldChange, KindDescriptor } from '../contract/panel.ts';
import { BYTES_PATTERN, DURATION_PATTERN, formatBytes, formatDuration, INSTANT_PATTERN } from '../manifest/units.ts';

export type FieldUnit = 'bytes' | 'duration' | 'instant';
type Schema = Record<string, unknown>;

const UNIT_OF_PATTERN = new Map<unknown, FieldUnit>([
  [BYTES_PATTERN, 'bytes'],
  [DURATION_PATTERN, 'duration'],
  [INSTANT_PATTERN, 'instant'],
]);

/** The unit a schema fragment stands for (the shared bytes / duration / instant fragments), if any. */
function unitOf(schema: Schema): FieldUnit | undefined {
  const direct = UNIT_OF_PATTERN.get(schema.pattern);
  if (direct) return direct;
  for (const branch of (schema.oneOf as Schema[] | undefined) ?? []) {
    const unit = UNIT_OF_PATTERN.get(branch.pattern);
    if (unit) return unit;
  }
  return undefined;
}

/** Dotted field paths of a spec schema that hold sizes, durations or instants. */
function collectUnits(schema: Schema, prefix: string, out: Map<string, FieldUnit>): void {
  const unit = unitOf(schema);
  if (unit && prefix) out.set(prefix, unit);
  for (const [name, child] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) collectUnits(child, prefix ? `${prefix}.${name}` : name, out);
  for (const branch of (schema.oneOf as Schema[] | undefined) ?? []) if (branch.properties) collectUnits(branch, prefix, out);
}

const cache = new WeakMap<KindDescriptor, Map<string, FieldUnit>>();

export function fieldUnits(kind: KindDescriptor): Map<string, FieldUnit> {
  let units = cache.get(kind);
  if (!units) {
    cache.set(kind, (units = new Map()));
    collectUnits(kind.specSchema, '', units);
  }
  return units;
}

const GIB = 2 ** 30;

/** A value in the unit the manifests use: exact bytes appear only where the human form would round. */
export function humanValue(value: unknown, unit: FieldUnit): string | undefined {
  if (unit === 'bytes' && typeof value === 'number') {
    const exact = formatBytes(value);
    return /[KMGT]iB$|^unlimited$/.test(exact) ? exact : `${(value / GIB).toFixed(2)}GiB (${value} bytes)`;
  }
  if (unit === 'duration' && typeof value === 'number') return value < 0 ? `${formatDuration(-value)} after first use` : formatDuration(value);
  if (unit === 'instant') {
    const iso = typeof value === 'number' ? (value > 0 ? new Date(value * 1000).toISOString() : 'never') : typeof value === 'string' ? value : undefined;
    return iso?.replace(/T00:00:00(?:\.000)?Z$/, '').replace(/\.000Z$/, 'Z');
  }
  return undefined;
}

/** A value with every unit-bearing field inside it in human form (for nested objects and lists). */
function humanize(value: unknown, path: string, units: ReadonlyMap<string, FieldUnit>): unknown {
  const unit = units.get(path);
  if (unit) return humanValue(value, unit) ?? value;
  if (Array.isArray(value)) return value.map((v) => humanize(v, path, units));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, humanize(v, `${path}.${k}`, units)]));
  return value;
}

/**
 * Adds the manifest-unit form of each change's values (`display`), so a reviewer reads
 * `20GiB → 50GiB` and `30d`; `before` and `after` keep the exact values for JSON consumers.
 */
export function withDisplayValues(changes: FieldChange[], kind: KindDescriptor): void {
  const units = fieldUnits(kind);
  if (units.size === 0) return;
  for (const change of changes) {
    if (change.secret) continue;
    const root = change.path.replace(/\[\d+\]/g, '');
    if (![...units.keys()].some((p) => p === root || p.startsWith(`${root}.`))) continue;
    const display: { before?: unknown; after?: unknown } = {};
    if (change.before !== undefined) display.before = humanize(change.before, root, units);
    if (change.after !== undefined) display.after = humanize(change.after, root, units);
    change.display = display;
  }
}
