import { formatDuration } from '../manifest/units.ts';
import type { Spec } from './panel.ts';

const UNITS: ReadonlyArray<readonly [string, number]> = [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20]];

/** Bytes as an operator writes them: 0 → "unlimited", exact IEC units, else the number itself. */
export function bytesOut(bytes: unknown): string | number {
  const n = Number(bytes ?? 0);
  if (n === 0) return 'unlimited';
  for (const [unit, size] of UNITS) if (n % size === 0) return `${n / size}${unit}`;
  return n;
}

/** Seconds as the largest whole unit (30d), else the number of seconds. */
export const secondsOut = (seconds: unknown): string | number => {
  const text = formatDuration(Number(seconds ?? 0));
  return text.endsWith('s') ? Number(seconds) : text;
};

/** Drops null, undefined and empty strings: a manifest leaves unmanaged what it does not say. */
export function compact(spec: Spec): Spec {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}
