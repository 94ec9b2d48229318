import type { ConformanceFixture, LaneContext, Snapshot } from '../adapter.ts';
import { snapshotDifference } from '../compare.ts';
import { firstDifference } from '../probe.ts';
import { changedTo } from './cycle.ts';
import { GiB } from './seed.ts';

const NAMES = ['one', 'two', 'three'];

/** A squad on the default profile's Shadowsocks inbound (every panel is seeded with it, §9) and users in it. */
const fleet = ({ prefix: p }: LaneContext, limit: number, users = NAMES): Record<string, string> => ({
  'squads.yaml': `apiVersion: remnawave.panelops.io/v1
kind: InternalSquad
metadata: { name: ${p}-sq, panel: lane }
spec: { inbounds: [Shadowsocks] }
`,
  'users.yaml': `apiVersion: remnawave.panelops.io/v1
kind: UserList
metadata: { panel: lane }
spec:
  defaults: { dataLimit: ${limit}GiB, expire: 2031-01-01T00:00:00Z, squads: [${p}-sq] }
  items: [${users.map((u) => `{ name: ${p}${u} }`).join(', ')}]
`,
});

const prefixed = (snap: Snapshot, p: string) => Object.keys(snap).filter((k) => k.includes(`/${p}`)).sort();

export const remnawaveConformance: ConformanceFixture = {
  create: (ctx) => fleet(ctx, 10),
  update: (ctx) => fleet(ctx, 20),
  remove: (ctx) => fleet(ctx, 20, NAMES.slice(0, 2)),
  created(after, { prefix: p }) {
    const want = [`InternalSquad/${p}-sq`, ...NAMES.map((u) => `User/${p}${u}`)].sort();
    if (JSON.stringify(prefixed(after, p)) !== JSON.stringify(want)) return `expected ${want.join(', ')}; the panel has ${prefixed(after, p).join(', ')}`;
    for (const u of NAMES) {
      const d = firstDifference({ status: 'ACTIVE', trafficLimitBytes: 10 * GiB, expireAt: '2031-01-01T00:00:00.000Z', activeInternalSquads: [{ name: `${p}-sq` }], userTraffic: { usedTrafficBytes: 0 } }, after[`User/${p}${u}`], `User/${p}${u}`);
      if (d) return d;
    }
    return firstDifference({ inbounds: [{ tag: 'Shadowsocks' }] }, after[`InternalSquad/${p}-sq`], `InternalSquad/${p}-sq`);
  },
  updated(before, after, { prefix: p }) {
    return snapshotDifference(before, after, Object.fromEntries(NAMES.map((u) => [`User/${p}${u}`, { changed: changedTo({ trafficLimitBytes: 20 * GiB }) }])));
  },
  removed: (before, after, { prefix: p }) => snapshotDifference(before, after, { [`User/${p}three`]: { gone: true } }),
};
