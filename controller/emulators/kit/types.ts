import type { Clock } from './clock.ts';
import type { RequestCounters } from './counters.ts';
import type { FaultInjector, FaultOptions } from './faults.ts';

/** Options every emulator accepts, in addition to its own. */
export interface EmulatorOptions {
  host?: string;
  /** 0 or omitted: an ephemeral port. */
  port?: number;
  /** Seeds generated ids and credentials, so runs repeat. */
  seed?: number;
  faults?: FaultOptions;
  /** Defaults to the system clock; tests pass a ManualClock. */
  clock?: Clock;
}

/** A started emulator: its URL, its in-memory state (for assertions), counters and faults. */
export interface RunningEmulator<State> {
  url: string;
  state: State;
  counters: RequestCounters;
  faults: FaultInjector;
  clock: Clock;
  close(): Promise<void>;
}

/** The common part of every started emulator, from its server, state and clock. */
export const runningParts = <State>(server: { url: string; counters: RequestCounters; faults: FaultInjector }, state: State, clock: Clock) => ({
  url: server.url,
  state,
  counters: server.counters,
  faults: server.faults,
  clock,
});
