import type { LaneAdapter } from '../adapter.ts';
import type { LaneTarget } from '../target.ts';
import { connectPasarGuard } from './api.ts';
import { pasarGuardConformance } from './conformance.ts';
import { pasarGuardCycle } from './cycle.ts';
import { pasarGuardProbes } from './probes.ts';
import { ADMIN_PASSWORD } from './seed.ts';
import { pasarGuardCleanup, pasarGuardSnapshot } from './snapshot.ts';

/** PasarGuard v5 in the lane (pasarguard.md): a form login, prefixed names, the traps as probes. */
export const pasarGuardAdapter: LaneAdapter = {
  type: 'pasarguard',
  panelYaml: (policy) => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: lane }
spec:
  type: pasarguard
  url: { env: LANE_URL }
  auth: { username: { env: LANE_USER }, password: { env: LANE_PASS } }
  limits: { concurrency: 4, requestsPerSecond: 0 }
  policy: ${policy}
`,
  env: (target: LaneTarget) => ({ LANE_URL: target.url, LANE_USER: target.auth.username ?? '', LANE_PASS: target.auth.password ?? '', LANE_ADMIN_PASS: ADMIN_PASSWORD }),
  connect: connectPasarGuard,
  async answeredVersion(api) {
    const version = (await api.ok<{ version?: unknown }>('GET', '/api/system')).version;
    return typeof version === 'string' ? version : undefined;
  },
  snapshot: (api, prefix) => pasarGuardSnapshot(api, prefix),
  cleanup: (api, prefix) => pasarGuardCleanup(api, prefix),
  cycle: pasarGuardCycle,
  conformance: pasarGuardConformance,
  probes: pasarGuardProbes,
};
