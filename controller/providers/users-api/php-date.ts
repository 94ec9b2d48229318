import { isoSeconds } from '../../manifest/units.ts';
import type { PhpDateTime } from './wire.ts';

/** Minutes east of UTC of a named zone at an instant, from the runtime's time-zone data. */
function zoneOffsetMinutes(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(utcMs));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Math.round((Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - utcMs) / 60_000);
}

/**
 * An instant from a Flute date: ISO-8601 with any offset, or a serialized PHP DateTime
 * (`{date: "2031-01-01 03:00:00.000000", timezone: "+03:00" | "UTC" | "Europe/Moscow"}`, §7).
 * Undefined when it cannot be read.
 */
export function instantOf(value: string | PhpDateTime | null | undefined): string | undefined {
  if (!value) return undefined;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? isoSeconds(ms) : undefined;
  }
  const local = Date.parse(`${value.date.replace(' ', 'T').slice(0, 23)}Z`);
  if (!Number.isFinite(local)) return undefined;
  const zone = value.timezone;
  let offset = 0;
  const fixed = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (fixed) offset = (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  else if (zone !== 'UTC' && zone !== 'Z') {
    try {
      offset = zoneOffsetMinutes(zone, local);
    } catch {
      return undefined;
    }
  }
  return isoSeconds(local - offset * 60_000);
}
