/**
 * Human units in manifests: byte sizes (50GiB, 1.5 TB, 0, unlimited), durations (30d, 12h,
 * 90m) and instants (ISO-8601 or "never"). Parsing is exact and rejects anything else, so a
 * typo never turns into "unlimited".
 */
const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

export const BYTES_PATTERN = '^(?:unlimited|\\d+|\\d+(?:\\.\\d+)?\\s*(?:[KkMmGgTt]i?)?[Bb])$';
export const DURATION_PATTERN = '^\\d+(?:\\.\\d+)?\\s*(?:s|m|h|d|w)$';
export const INSTANT_PATTERN = '^(?:never|\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])(?:[Tt ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:[Zz]|[+-]\\d{2}:?\\d{2})?)?)$';

/** Bytes as an integer; 0 means unlimited. */
export function parseBytes(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  const text = String(value).trim();
  if (text.toLowerCase() === 'unlimited') return 0;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  const factor = m ? BYTE_UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || factor === undefined) throw new Error(`not a size: "${text}" (use bytes or units like 50GiB, 500MB, unlimited)`);
  return Math.round(Number(m[1]) * factor);
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Seconds. Numbers are taken as seconds already. */
export function parseDurationSeconds(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(String(value).trim());
  const factor = m ? DURATION_UNITS[m[2] ?? ''] : undefined;
  if (!m || factor === undefined) throw new Error(`not a duration: "${String(value)}" (use 30d, 12h, 90m, 45s)`);
  return Math.round(Number(m[1]) * factor);
}

/**
 * Remembers recent conversions: a fleet's dates repeat (a batch of users shares an expiry),
 * and formatting a Date is the costliest step of normalizing a large fleet.
 */
function memo<K, V>(fn: (k: K) => V, size = 4096): (k: K) => V {
  let seen = new Map<K, V>();
  return (k) => {
    let v = seen.get(k);
    if (v === undefined) {
      if (seen.size >= size) seen = new Map();
      v = fn(k);
      seen.set(k, v);
    }
    return v;
  };
}

/** Canonical instant: "never" or an ISO-8601 UTC string with second precision. */
export function parseInstant(value: unknown): string {
  if (value === 'never' || value === null || value === 0) return 'never';
  if (value instanceof Date) return isoSeconds(value.getTime());
  return parseInstantText(String(value).trim());
}

const parseInstantText = memo((text: string): string => {
  // Date.parse rolls 2027-02-30 over to March 2: a calendar date must exist as written.
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) throw new Error(`not a date: "${text}" (${day[0]} does not exist)`);
  }
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`);
  if (!Number.isFinite(ms)) throw new Error(`not a date: "${text}" (use ISO-8601 like 2027-01-31T00:00:00Z, or never)`);
  return isoSeconds(ms);
});

const isoWholeSeconds = memo((seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'));

export function isoSeconds(ms: number): string {
  return isoWholeSeconds(Math.floor(ms / 1000));
}

/** Formats bytes the way an operator writes them (exact IEC units when they divide evenly). */
export function formatBytes(bytes: number): string {
  if (bytes === 0) return 'unlimited';
  for (const [unit, size] of [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** Formats seconds as the largest whole unit (30d, 12h), else seconds. */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [['w', 604800], ['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (seconds > 0 && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
