import { describe, expect, it } from 'vitest';
import { instantOf } from '../../../controller/providers/users-api/php-date.ts';

describe('Flute dates (users-api.md §7)', () => {
  it('reads ISO with any offset and serialized PHP DateTime objects in offset, UTC and named zones', () => {
    expect(instantOf('2026-01-01T03:00:00+03:00')).toBe('2026-01-01T00:00:00Z');
    expect(instantOf({ date: '2031-01-01 03:00:00.000000', timezone_type: 1, timezone: '+03:00' })).toBe('2031-01-01T00:00:00Z');
    expect(instantOf({ date: '2031-01-01 00:00:00.000000', timezone_type: 3, timezone: 'UTC' })).toBe('2031-01-01T00:00:00Z');
    expect(instantOf({ date: '2031-07-01 02:00:00.000000', timezone_type: 3, timezone: 'Europe/Berlin' })).toBe('2031-07-01T00:00:00Z');
    expect(instantOf({ date: 'garbage', timezone: 'UTC' })).toBeUndefined();
    expect(instantOf(null)).toBeUndefined();
  });
});
