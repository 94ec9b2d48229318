import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { remnawaveApi } from '../../helpers/remnawave-api.ts';
import type { CycleFixture, Expectation, LaneContext } from '../adapter.ts';
import { firstTextDifference } from '../compare.ts';
import { firstDifference } from '../probe.ts';
import { GiB, GUS_VLESS, seedCycle } from './seed.ts';

/** Replaces one exact piece of an imported file, failing loudly if the import changed shape. */
export async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (typeof from === 'string' ? !text.includes(from) : !from.test(text)) throw new Error(`edit: ${file} has no ${String(from)}\n${text}`);
  await writeFile(file, text.replace(from, to));
}

/** The item of a list file named exactly `name`, up to the next item or the end. */
export const item = (name: string) => new RegExp(` {4}- name: ${name}\\n(?: {6}.*\\n)*`);

/** Moves on every write to a row (§4.1), and with a new limit (§4.3): not part of what an edit asks. */
const MOVES_WITH_A_WRITE = ['updatedAt', 'lastTriggeredThreshold'];

/** `after` is `before` with exactly `fields` set (credentials, short id, traffic and status as they were). */
export const changedTo =
  (fields: Record<string, unknown>) =>
  (before: unknown, after: unknown): string | undefined => {
    const strip = (row: object) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([k]) => !MOVES_WITH_A_WRITE.includes(k))));
    const want = strip({ ...(before as object), ...fields });
    const got = strip(after as object);
    return want === got ? undefined : firstTextDifference(want, got);
  };

const added = (fields: Record<string, unknown>) => (after: unknown) => firstDifference(fields, after);
const squad = (name: string) => (v: unknown) => Array.isArray(v) && v.length === 1 && (v[0] as { name?: string }).name === name;

export const remnawaveCycle: CycleFixture = {
  seed: async ({ target, prefix }: LaneContext) => {
    await seedCycle(remnawaveApi(target.url, target.auth.token ?? ''), prefix);
  },
  selectors: (prefix) => ['InternalSquad', 'Node', 'Host', 'User'].map((kind) => `${kind}/${prefix}*`),
  async edit(dir: string, { prefix: p }: LaneContext): Promise<Record<string, Expectation>> {
    const users = join(dir, 'lane-users.yaml');
    await edit(users, 'dataLimit: 50GiB', 'dataLimit: 60GiB');
    await edit(users, `    - name: ${p}bob\n`, `    - name: ${p}bob\n      note: edited through the lane\n`);
    // A LIMITED user whose manifest says active: the note changes, the panel's status stays (§4.4).
    await edit(users, `    - name: ${p}dan\n`, `    - name: ${p}dan\n      note: still limited\n`);
    const cara = (await readFile(users, 'utf8')).match(item(`${p}cara`))?.[0] ?? '';
    await edit(users, cara, cara.replace('squads: []', `squads: [${p}-a]`));
    await edit(users, item(`${p}fay`), '');
    await edit(join(dir, 'lane-internalsquads.yaml'), `        - ${p}-trojan\n`, `        - ${p}-trojan\n        - ${p}-vless\n`);
    await edit(join(dir, 'lane-nodes.yaml'), 'countryCode: XX', 'countryCode: DE');
    await edit(join(dir, 'lane-hosts.yaml'), 'sni: eu.example', 'sni: eu2.example');
    await writeFile(
      join(dir, 'lane-new.yaml'),
      `apiVersion: remnawave.panelops.io/v1
kind: User
metadata: { name: ${p}gus, panel: lane }
spec: { dataLimit: 5GiB, expire: 2031-06-01T00:00:00Z, squads: [${p}-a], vlessUuid: { env: LANE_GUS_VLESS }, shortUuid: { env: LANE_GUS_SUB } }
`,
    );
    return {
      [`User/${p}ann`]: { changed: changedTo({ trafficLimitBytes: 60 * GiB }) },
      [`User/${p}bob`]: { changed: changedTo({ description: 'edited through the lane' }) },
      [`User/${p}dan`]: { changed: changedTo({ description: 'still limited' }) },
      [`User/${p}cara`]: { changed: (before, after) => firstDifference({ status: 'DISABLED', activeInternalSquads: squad(`${p}-a`) }, after) ?? changedTo({ activeInternalSquads: (after as { activeInternalSquads: unknown }).activeInternalSquads })(before, after) },
      [`User/${p}fay`]: { gone: true },
      [`User/${p}gus`]: { added: added({ status: 'ACTIVE', trafficLimitBytes: 5 * GiB, vlessUuid: GUS_VLESS, shortUuid: `${p}gussub`, expireAt: '2031-06-01T00:00:00.000Z', activeInternalSquads: squad(`${p}-a`) }) },
      [`InternalSquad/${p}-b`]: { changed: (_b, after) => firstDifference({ inbounds: [{ tag: `${p}-trojan` }, { tag: `${p}-vless` }] }, sortedInbounds(after)) },
      [`Node/${p}-node`]: { changed: changedTo({ countryCode: 'DE' }) },
      [`Host/${p}-host`]: { changed: changedTo({ sni: 'eu2.example' }) },
    };
  },
};

const sortedInbounds = (row: unknown) => {
  const r = row as { inbounds: Array<{ tag: string }> };
  return { ...r, inbounds: [...r.inbounds].sort((a, b) => a.tag.localeCompare(b.tag)) };
};
