/**
 * A clock the emulators read instead of Date.now(), so tests can move time forward
 * (token expiry, 3x-ui depletion ticks, Users API block expiry) without sleeping.
 */
export interface Clock {
  now(): number;
}

export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

export const systemClock: Clock = { now: () => Date.now() };
