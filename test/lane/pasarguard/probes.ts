import type { Probe } from '../probe.ts';
import type { LaneTarget } from '../target.ts';
import { waitForJobs } from './emulator-target.ts';
import { pasarGuardAccessProbes } from './probes-access.ts';
import { pasarGuardUserProbes } from './probes-users.ts';
import { PASARGUARD_TRAPS } from './traps.ts';

/**
 * Request-by-request comparisons (probes-access.ts, probes-users.ts), then the traps of pasarguard.md, one probe each: the same requests and checks on the emulator and
 * on a real panel, so a behaviour the emulator gets wrong shows as a probe failing on one side.
 */
export const pasarGuardProbes = (target: LaneTarget): Probe[] => [
  ...pasarGuardAccessProbes,
  ...pasarGuardUserProbes,
  ...PASARGUARD_TRAPS.map((trap): Probe => ({
    name: trap.name,
    run: (_exchange, ctx) => trap.run({ api: ctx.api, url: target.url, prefix: ctx.prefix, waitForJobs: (until) => waitForJobs(target, until) }),
  })),
];
