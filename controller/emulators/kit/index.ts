export { createRng, type Rng } from './rng.ts';
export { ManualClock, systemClock, type Clock } from './clock.ts';
export { RequestCounters } from './counters.ts';
export { FaultInjector, type FaultOptions, type FaultTally } from './faults.ts';
export { Router, BadRequestBody, json, empty, text, type EmuRequest, type Reply, type Handler } from './router.ts';
export { startEmulatorServer, type EmulatorServer, type EmulatorServerOptions } from './server.ts';
export type { RunningEmulator, EmulatorOptions } from './types.ts';
