import type { LaneAdapter } from '../adapter.ts';
import { connectRemnawave, response } from './api.ts';
import { remnawaveConformance } from './conformance.ts';
import { remnawaveCycle } from './cycle.ts';
import { remnawavePanel } from './panel.ts';
import { remnawaveProbes } from './probes.ts';
import { remnawaveCleanup, remnawaveSnapshot } from './snapshot.ts';

/** Remnawave in the lane (remnawave.md): an API token, the proxy headers, prefixed names. */
export const remnawaveAdapter: LaneAdapter = {
  type: 'remnawave',
  ...remnawavePanel,
  connect: connectRemnawave,
  async answeredVersion(api) {
    const version = (await response<{ version?: unknown }>(api, 'GET', '/api/system/metadata')).version;
    return typeof version === 'string' ? version : undefined;
  },
  snapshot: (api, prefix) => remnawaveSnapshot(api, prefix),
  cleanup: (api, prefix) => remnawaveCleanup(api, prefix),
  cycle: remnawaveCycle,
  conformance: remnawaveConformance,
  probes: remnawaveProbes,
};
