import { excerpt } from '../errors.ts';

/**
 * Marzban's `detail` as one line (marzban.md §3): a string; its own 422 shape, an object of
 * field → reason; or FastAPI's list of `{loc, msg, type}` (older releases, and routes that
 * keep the stock handler), shown as `body.proxies.vless: reason`. Never `[object Object]`.
 */
export function detailText(detail: unknown): string | undefined {
  if (typeof detail === 'string') return excerpt(detail);
  if (Array.isArray(detail)) return excerpt(detail.map(entryText).join('; '));
  if (detail && typeof detail === 'object') return excerpt(Object.entries(detail).map(([field, reason]) => `${field}: ${valueText(reason)}`).join('; '));
  return undefined;
}

function entryText(entry: unknown): string {
  if (entry && typeof entry === 'object' && 'msg' in entry) {
    const { loc, msg } = entry as { loc?: unknown; msg?: unknown };
    const where = Array.isArray(loc) ? loc.map(String).join('.') : undefined;
    return where ? `${where}: ${valueText(msg)}` : valueText(msg);
  }
  return valueText(entry);
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? value.map(entryText).join(', ') : JSON.stringify(value);
}
