import type { LaneAdapter } from '../adapter.ts';
import type { LaneTarget } from '../target.ts';
import { connectRemnawave, response } from './api.ts';
import { remnawaveConformance } from './conformance.ts';
import { GUS_VLESS, remnawaveCycle } from './cycle.ts';
import { remnawaveProbes } from './probes.ts';
import { remnawaveCleanup, remnawaveSnapshot } from './snapshot.ts';

/** Remnawave in the lane (remnawave.md): an API token, the proxy headers, prefixed names. */
export const remnawaveAdapter: LaneAdapter = {
  type: 'remnawave',
  panelYaml: (policy) => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: lane }
spec:
  type: remnawave
  url: { env: LANE_URL }
  auth: { token: { env: LANE_TOKEN } }
  limits: { concurrency: 4, requestsPerSecond: 0 }
  policy: ${policy}
`,
  // The cycle's new user pins a VLESS UUID and a subscription id (the cycle runs under prefix + "k").
  env: (target: LaneTarget) => ({ LANE_URL: target.url, LANE_TOKEN: target.auth.token ?? '', LANE_GUS_VLESS: GUS_VLESS, LANE_GUS_SUB: `${target.prefix}kgussub` }),
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
