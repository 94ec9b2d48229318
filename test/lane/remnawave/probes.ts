import type { Probe } from '../probe.ts';
import type { LaneTarget } from '../target.ts';
import { panelTraps } from './panel-traps.ts';
import { providerTraps } from './provider-traps.ts';

/**
 * The traps of remnawave.md as lane probes: the panel's own behaviour (panel-traps.ts) and
 * panelops' answer to it (provider-traps.ts). Each runs under its own prefix, and the suite's
 * cleanup removes what it made.
 */
export const remnawaveProbes = (target: LaneTarget): Probe[] =>
  [...panelTraps(target), ...providerTraps(target)].map((trap, i) => ({
    name: trap.name,
    run: (exchange, ctx) => trap.run(`${ctx.prefix}${String.fromCharCode(97 + i)}`, exchange),
  }));
