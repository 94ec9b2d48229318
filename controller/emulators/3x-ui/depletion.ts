import { DAY_MS, setEnable, writeAcross } from './client-ops.ts';
import type { XuiState } from './state.ts';
import type { XuiClient } from './types.ts';

/** Depletion, expiring and the 5-second background job (3x-ui.md §7.8, §7.9, §10.9, §10.10). */

export const GIB = 1024 ** 3;
export const TICK_MS = 5_000;

/** §7.8: over quota or past expiry, whatever `enable` says; a negative expiry never expires. */
export function isDepleted(c: XuiClient, used: number, now: number): boolean {
  return (c.totalGB > 0 && used >= c.totalGB) || (c.expiryTime > 0 && c.expiryTime <= now);
}

/** §7.9: enabled, not depleted, and under expireDiff days or trafficDiff GiB of headroom. */
export function isExpiring(state: XuiState, c: XuiClient, used: number, now: number): boolean {
  if (!c.enable || isDepleted(c, used, now)) return false;
  const { expireDiff, trafficDiff } = state.settings;
  const timeShort = c.expiryTime > 0 && c.expiryTime - now < expireDiff * DAY_MS;
  const quotaShort = c.totalGB > 0 && c.totalGB - used < trafficDiff * GIB;
  return timeShort || quotaShort;
}

export const hasAutoRenew = (c: XuiClient): boolean => c.reset > 0 || c.resetDay > 0;

export interface TickResult {
  disabled: string[];
  renewed: string[];
}

/**
 * One pass of the panel's job. §11: only clients whose time ran out (0 < expiry <= now)
 * and that have auto-renew left are renewed (traffic zeroed, expiry stepped forward,
 * re-enabled, up to resetMax times); every other depleted client still enabled, a quota
 * used up included, gets enable=false in the record, the traffic row and every entry.
 */
export function tick(state: XuiState): TickResult {
  const now = state.clock.now();
  const result: TickResult = { disabled: [], renewed: [] };
  for (const c of state.clientsById.values()) {
    if (!isDepleted(c, state.usedBytes(c.email), now)) continue;
    const row = state.traffic.get(c.email);
    const timeRanOut = c.expiryTime > 0 && c.expiryTime <= now;
    if (row && timeRanOut && hasAutoRenew(c) && (c.resetMax === 0 || row.resetCount < c.resetMax)) {
      renew(state, c, now);
      row.resetCount += 1;
      result.renewed.push(c.email);
    } else if (c.enable || row?.enable) {
      setEnable(state, c, false, false);
      result.disabled.push(c.email);
    }
  }
  if (result.disabled.length + result.renewed.length > 0) state.touch();
  return result;
}

function renew(state: XuiState, c: XuiClient, now: number): void {
  const row = state.traffic.get(c.email);
  let next = c.expiryTime;
  if (next > 0) while (next <= now) next = c.reset > 0 ? next + c.reset * DAY_MS : nextMonthDay(next, c.resetDay);
  const renewed = (): void => {
    if (row) {
      row.up = 0;
      row.down = 0;
    }
    c.enable = true;
    c.expiryTime = next;
  };
  writeAcross(state, c, renewed, ['enable', 'expiryTime'], { check: false });
}

/** The same time of day on `day` (clamped to the month's length) of the following month. */
function nextMonthDay(ms: number, day: number): number {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  d.setUTCDate(1);
  d.setUTCFullYear(year, month, Math.min(day, last));
  return d.getTime();
}

/** §10.10: a delayed-start client's clock starts at its first traffic: expiry = now + |value|. */
export function startDelayedExpiry(state: XuiState, c: XuiClient): void {
  if (c.expiryTime >= 0) return;
  const start = state.clock.now() - c.expiryTime;
  writeAcross(state, c, () => (c.expiryTime = start), ['expiryTime'], { check: false });
  state.touch();
}
