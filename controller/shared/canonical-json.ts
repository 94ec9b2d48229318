import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal values always serialize (and hash) the same. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

export const sameValue = (a: unknown, b: unknown): boolean => a === b || stableStringify(a) === stableStringify(b);

/** A short content hash (hex) of any JSON value. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 24);
}

/** A salted hash of a secret: lets state tell that a desired secret changed without keeping it. */
export function secretHash(salt: string, subject: string, secret: string): string {
  return createHash('sha256').update(`${salt}\0${subject}\0${secret}`).digest('hex');
}
