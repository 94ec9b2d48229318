import { marzbanPanel } from '../../helpers/marzban-fixture.ts';
import type { LaneAdapter } from '../adapter.ts';
import type { LaneTarget } from '../target.ts';
import { connectMarzban } from './api.ts';
import { marzbanConformance } from './conformance.ts';
import { marzbanCycle } from './cycle.ts';
import { marzbanProbes } from './probes.ts';
import { marzbanAccessProbes } from './probes-access.ts';
import { marzbanObjectProbes } from './probes-objects.ts';
import { marzbanWriteProbes } from './probes-writes.ts';
import { marzbanCleanup, marzbanSnapshot } from './snapshot.ts';

/** Marzban in the lane (marzban.md): a form login, prefixed names, every release from 0.4.2. */
export const marzbanAdapter: LaneAdapter = {
  type: 'marzban',
  panelYaml: (policy) => marzbanPanel(policy, 'lane', 'LANE'),
  env: (target: LaneTarget) => ({ LANE_URL: target.url, LANE_USER: target.auth.username ?? '', LANE_PASS: target.auth.password ?? '', LANE_OWNER_PASS: 'lane-owner-pass' }),
  connect: connectMarzban,
  async answeredVersion(api) {
    const system = await api.call('GET', '/api/system');
    const version = (system.body as { version?: unknown } | null)?.version;
    return typeof version === 'string' ? version : undefined;
  },
  snapshot: (api, prefix) => marzbanSnapshot(api, prefix),
  cleanup: (api, prefix) => marzbanCleanup(api, prefix),
  cycle: marzbanCycle,
  conformance: marzbanConformance,
  probes: (target) => [...marzbanProbes(target), ...marzbanAccessProbes, ...marzbanObjectProbes, ...marzbanWriteProbes],
};
