import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CycleFixture, Expectation, LaneContext } from '../adapter.ts';
import { changedTo } from '../compare.ts';
import { firstDifference } from '../probe.ts';
import { GiB, seedMarzban } from './seed.ts';

/** Replaces one exact piece of an imported file, failing loudly if the import changed shape. */
async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (typeof from === 'string' ? !text.includes(from) : !from.test(text)) throw new Error(`edit: ${file} has no ${String(from)}`);
  await writeFile(file, text.replace(from, to));
}

/** The item of a list file named exactly `name`, up to the next item or the end. */
const item = (name: string) => new RegExp(` {4}- name: ${name}\\n(?: {6}.*\\n)*`);

/** A created object: these fields as given (a subset, as probes compare), the rest as the panel makes them. */
const added = (fields: Record<string, unknown>) => (after: unknown) => firstDifference(fields, after);

export const marzbanCycle: CycleFixture = {
  seed: seedMarzban,
  selectors: (prefix) => ['Admin', 'UserTemplate', 'Node', 'User'].map((kind) => `${kind}/${prefix}*`),
  async edit(dir: string, { prefix: p, target }: LaneContext): Promise<Record<string, Expectation>> {
    const users = join(dir, 'lane-users.yaml');
    const ann = (await readFile(users, 'utf8')).match(item(`${p}ann`))?.[0] ?? '';
    await edit(users, ann, ann.replace('dataLimit: 50GiB', 'dataLimit: 60GiB'));
    await edit(users, `    - name: ${p}bob\n`, `    - name: ${p}bob\n      note: edited through the lane\n`);
    await edit(users, item(`${p}fay`), '');
    await edit(join(dir, 'lane-usertemplates.yaml'), 'dataLimit: 30GiB', 'dataLimit: 40GiB');
    const expected: Record<string, Expectation> = {
      [`User/${p}ann`]: { changed: changedTo({ data_limit: 60 * GiB }) },
      [`User/${p}bob`]: { changed: changedTo({ note: 'edited through the lane' }) },
      [`User/${p}fay`]: { gone: true },
      [`UserTemplate/${p}monthly`]: { changed: changedTo({ data_limit: 40 * GiB }) },
      [`User/${p}gus`]: { added: added({ status: 'active', data_limit: 5 * GiB, used_traffic: 0, ...(target.version === '0.4.2' ? {} : { admin: { username: `${p}res` } }) }) },
      [`UserTemplate/${p}weekly`]: { added: added({ data_limit: 5 * GiB, expire_duration: 7 * 86_400, inbounds: { vless: ['VLESS TCP REALITY'] } }) },
    };
    // 0.4.2 admins have no telegram id (marzban.md §11).
    if (target.version !== '0.4.2') {
      await edit(join(dir, 'lane-admins.yaml'), `    - name: ${p}res\n`, `    - name: ${p}res\n      telegramId: 77\n`);
      expected[`Admin/${p}res`] = { changed: changedTo({ telegram_id: 77 }) };
    }
    await writeFile(
      join(dir, 'lane-new.yaml'),
      `apiVersion: marzban.panelops.io/v1
kind: User
metadata: { name: ${p}gus, panel: lane }
spec: { owner: ${p}res, proxies: { vless: {} }, dataLimit: 5GiB }
---
apiVersion: marzban.panelops.io/v1
kind: UserTemplate
metadata: { name: ${p}weekly, panel: lane }
spec: { dataLimit: 5GiB, expireDuration: 7d, inbounds: { vless: ["VLESS TCP REALITY"] } }
`,
    );
    return expected;
  },
};
