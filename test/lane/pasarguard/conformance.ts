import type { ConformanceFixture, Expectation, LaneContext, Snapshot } from '../adapter.ts';
import { changedTo, snapshotDifference } from '../compare.ts';
import { firstDifference } from '../probe.ts';
import { GiB } from './seed.ts';

const NAMES = ['one', 'two', 'three'];

const fleet = ({ prefix: p }: LaneContext, limit: number, users = NAMES): Record<string, string> => ({
  'groups.yaml': `apiVersion: pasarguard.panelops.io/v1
kind: Group
metadata: { name: ${p}vip, panel: lane }
spec: { inbounds: ["Shadowsocks TCP"] }
`,
  'templates.yaml': `apiVersion: pasarguard.panelops.io/v1
kind: UserTemplate
metadata: { name: ${p}monthly, panel: lane }
spec: { groups: [${p}vip], dataLimit: ${limit}GiB, expireDuration: 30d, dataLimitResetStrategy: month }
`,
  'users.yaml': `apiVersion: pasarguard.panelops.io/v1
kind: UserList
metadata: { panel: lane }
spec:
  defaults: { groups: [${p}vip], dataLimit: ${limit}GiB }
  items: [${users.map((u) => `{ name: ${p}${u} }`).join(', ')}]
`,
});

const prefixed = (snap: Snapshot, p: string) => Object.keys(snap).filter((k) => k.includes(`/${p}`)).sort();
const edited = (fields: Record<string, unknown>) => (before: unknown, after: unknown) => changedTo({ ...fields, edit_at: (after as { edit_at?: unknown }).edit_at })(before, after);

export const pasarGuardConformance: ConformanceFixture = {
  create: (ctx) => fleet(ctx, 10),
  update: (ctx) => fleet(ctx, 20),
  remove: (ctx) => fleet(ctx, 20, NAMES.slice(0, 2)),
  created(after, { prefix: p }) {
    const want = [`Group/${p}vip`, `UserTemplate/${p}monthly`, ...NAMES.map((u) => `User/${p}${u}`)].sort();
    if (JSON.stringify(prefixed(after, p)) !== JSON.stringify(want)) return `expected ${want.join(', ')}; the panel has ${prefixed(after, p).join(', ')}`;
    const group = (after[`Group/${p}vip`] as { id: number }).id;
    for (const u of NAMES) {
      const d = firstDifference({ status: 'active', data_limit: 10 * GiB, used_traffic: 0, group_ids: [group], next_plan: null }, after[`User/${p}${u}`], `User/${p}${u}`);
      if (d) return d;
    }
    return firstDifference({ data_limit: 10 * GiB, expire_duration: 30 * 86_400, data_limit_reset_strategy: 'month', group_ids: [group] }, after[`UserTemplate/${p}monthly`], `UserTemplate/${p}monthly`);
  },
  updated(before, after, { prefix: p }) {
    const expected: Record<string, Expectation> = { [`UserTemplate/${p}monthly`]: { changed: changedTo({ data_limit: 20 * GiB }) } };
    for (const u of NAMES) expected[`User/${p}${u}`] = { changed: edited({ data_limit: 20 * GiB }) };
    return snapshotDifference(before, after, expected);
  },
  removed: (before, after, { prefix: p }) => snapshotDifference(before, after, { [`User/${p}three`]: { gone: true } }),
};
