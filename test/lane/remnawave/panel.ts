import type { LaneAdapter } from '../adapter.ts';
import type { LaneTarget } from '../target.ts';
import { GUS_VLESS } from './seed.ts';

/** How panelops is pointed at a Remnawave lane target: the Panel manifest (named `lane`) and its variables. */
export const remnawavePanel: Pick<LaneAdapter, 'panelYaml' | 'env'> = {
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
};
