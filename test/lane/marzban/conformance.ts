import type { ConformanceFixture, Expectation, LaneContext, Snapshot } from '../adapter.ts';
import { changedTo, snapshotDifference } from '../compare.ts';
import { firstDifference } from '../probe.ts';
import { GiB } from './seed.ts';

const NAMES = ['one', 'two', 'three'];

// 0.4.2 admins have no telegram id (marzban.md §11): the field would be refused there.
const fleet = ({ prefix: p, target }: LaneContext, limit: number, users = NAMES): Record<string, string> => ({
  'admins.yaml': `apiVersion: marzban.panelops.io/v1
kind: Admin
metadata: { name: ${p}res, panel: lane }
spec: { password: { env: LANE_OWNER_PASS }${target.version === '0.4.2' ? '' : `, telegramId: ${limit}`} }
`,
  'templates.yaml': `apiVersion: marzban.panelops.io/v1
kind: UserTemplate
metadata: { name: ${p}monthly, panel: lane }
spec: { dataLimit: ${limit}GiB, expireDuration: 30d }
`,
  'users.yaml': `apiVersion: marzban.panelops.io/v1
kind: UserList
metadata: { panel: lane }
spec:
  defaults: { owner: ${p}res, proxies: { vless: {} }, dataLimit: ${limit}GiB }
  items: [${users.map((u) => `{ name: ${p}${u} }`).join(', ')}]
`,
});

const prefixed = (snap: Snapshot, p: string) => Object.keys(snap).filter((k) => k.includes(`/${p}`)).sort();

export const marzbanConformance: ConformanceFixture = {
  create: (ctx) => fleet(ctx, 10),
  update: (ctx) => fleet(ctx, 20),
  remove: (ctx) => fleet(ctx, 20, NAMES.slice(0, 2)),
  created(after, { prefix: p, target }) {
    const want = [`Admin/${p}res`, `UserTemplate/${p}monthly`, ...NAMES.map((u) => `User/${p}${u}`)].sort();
    if (JSON.stringify(prefixed(after, p)) !== JSON.stringify(want)) return `expected ${want.join(', ')}; the panel has ${prefixed(after, p).join(', ')}`;
    for (const u of NAMES) {
      const d = firstDifference({ status: 'active', data_limit: 10 * GiB, used_traffic: 0, proxies: { vless: { id: isUuid } }, ...(target.version === '0.4.2' ? {} : { admin: { username: `${p}res` } }) }, after[`User/${p}${u}`], `User/${p}${u}`);
      if (d) return d;
    }
    return firstDifference({ data_limit: 10 * GiB, expire_duration: 30 * 86_400 }, after[`UserTemplate/${p}monthly`], `UserTemplate/${p}monthly`);
  },
  updated(before, after, { prefix: p, target }) {
    const expected: Record<string, Expectation> = { [`UserTemplate/${p}monthly`]: { changed: changedTo({ data_limit: 20 * GiB }) } };
    for (const u of NAMES) expected[`User/${p}${u}`] = { changed: changedTo({ data_limit: 20 * GiB }) };
    if (target.version !== '0.4.2') expected[`Admin/${p}res`] = { changed: changedTo({ telegram_id: 20 }) };
    return snapshotDifference(before, after, expected);
  },
  removed: (before, after, { prefix: p }) => snapshotDifference(before, after, { [`User/${p}three`]: { gone: true } }),
};

function isUuid(v: unknown): boolean {
  return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);
}
