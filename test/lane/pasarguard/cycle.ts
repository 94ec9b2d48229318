import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CycleFixture, Expectation, LaneContext } from '../adapter.ts';
import { changedTo } from '../compare.ts';
import { firstDifference } from '../probe.ts';
import { DAY, GiB, seedPasarGuard } from './seed.ts';

type Row = Record<string, unknown>;

/** Replaces one exact piece of an imported file, failing loudly if the import changed shape. */
async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (typeof from === 'string' ? !text.includes(from) : !from.test(text)) throw new Error(`edit: ${file} has no ${String(from)}`);
  await writeFile(file, text.replace(from, to));
}

/** The item of a list file named exactly `name`, up to the next item or the end. */
const item = (name: string) => new RegExp(` {4}- name: ${name}\\n(?: {6}.*\\n)*`);

/** `fields` changed and nothing else, but for the edit time a written object gets (§5.3 step 8). */
const edited = (fields: Row) => (before: unknown, after: unknown) => changedTo({ ...fields, edit_at: (after as Row).edit_at })(before, after);

/** A host's `sni` is a set: the panel keeps no order (§9). */
const sniBecame = (want: string[]) => (before: unknown, after: unknown) => {
  const got = [...((after as Row).sni as string[])].sort();
  if (JSON.stringify(got) !== JSON.stringify(want)) return `sni: expected ${want.join(', ')}, got ${got.join(', ')}`;
  return changedTo({ sni: (after as Row).sni })(before, after);
};

export const pasarGuardCycle: CycleFixture = {
  seed: seedPasarGuard,
  selectors: (prefix) => ['Admin', 'Group', 'UserTemplate', 'Node', 'Host', 'User'].map((kind) => `${kind}/${prefix}*`),
  async edit(dir: string, { prefix: p, api }: LaneContext): Promise<Record<string, Expectation>> {
    const file = (kind: string) => join(dir, `lane-${kind}.yaml`);
    const ann = (await readFile(file('users'), 'utf8')).match(item(`${p}ann`))?.[0] ?? '';
    await edit(file('users'), ann, ann.replace('dataLimit: 50GiB', 'dataLimit: 60GiB'));
    await edit(file('users'), 'method: aes-256-gcm', 'method: aes-128-gcm');
    const bob = (await readFile(file('users'), 'utf8')).match(item(`${p}bob`))?.[0] ?? '';
    await edit(file('users'), bob, bob.replace('status: active', 'status: disabled'));
    const dan = (await readFile(file('users'), 'utf8')).match(item(`${p}dan`))?.[0] ?? '';
    await edit(file('users'), dan, dan.replace('status: on_hold', 'status: active'));
    const cara = (await readFile(file('users'), 'utf8')).match(item(`${p}cara`))?.[0] ?? '';
    await edit(file('users'), cara, cara.replace('status: disabled', 'status: active'));
    await edit(file('users'), `    - name: ${p}eve\n`, `    - name: ${p}eve\n      note: renewed\n`);
    await edit(file('users'), item(`${p}fay`), '');
    const g2 = (await readFile(file('groups'), 'utf8')).match(item(`${p}g2`))?.[0] ?? '';
    await edit(file('groups'), g2, g2.replace('disabled: false', 'disabled: true'));
    await edit(file('usertemplates'), 'dataLimit: 30GiB', 'dataLimit: 40GiB');
    await edit(file('hosts'), /(sni:\n {8}- eu\.example\n)/, '$1        - eu3.example\n');
    await edit(file('nodes'), 'usageCoefficient: 1', 'usageCoefficient: 2');
    // The admin's password as a reference, unchanged: it must never be sent (its tokens would die, §2).
    await edit(file('admins'), `    - name: ${p}adm\n`, `    - name: ${p}adm\n      note: reseller\n      password: { env: LANE_ADMIN_PASS }\n`);
    const tag = (await api.ok<string[]>('GET', '/api/inbounds'))[0] ?? '';
    await writeFile(join(dir, 'lane-new.yaml'), `apiVersion: pasarguard.panelops.io/v1
kind: Group
metadata: { name: ${p}g3, panel: lane }
spec: { inbounds: [${JSON.stringify(tag)}] }
---
apiVersion: pasarguard.panelops.io/v1
kind: User
metadata: { name: ${p}gus, panel: lane }
spec: { groups: [${p}g3, ${p}g1], dataLimit: 5GiB, nextPlan: { dataLimit: 5GiB, expireDuration: 30d } }
---
apiVersion: pasarguard.panelops.io/v1
kind: User
metadata: { name: ${p}ivy, panel: lane }
spec: { groups: [${p}g1], status: on_hold, onHoldExpireDuration: 7d, dataLimit: 1GiB }
`);
    return {
      [`User/${p}ann`]: { changed: edited({ data_limit: 60 * GiB }) },
      [`User/${p}bob`]: { changed: (b, a) => edited({ status: 'disabled', proxy_settings: { ...((b as Row).proxy_settings as Row), shadowsocks: { ...(((b as Row).proxy_settings as Row).shadowsocks as Row), method: 'aes-128-gcm' } } })(b, a) },
      // Enabled through the panel's switch, which resolves the status: nothing holds cara back, so active.
      [`User/${p}cara`]: { changed: edited({ status: 'active' }) },
      [`User/${p}eve`]: { changed: edited({ note: 'renewed' }) },
      [`User/${p}fay`]: { gone: true },
      [`User/${p}gus`]: { added: (after) => firstDifference({ status: 'active', data_limit: 5 * GiB, used_traffic: 0, next_plan: { user_template_id: null, data_limit: 5 * GiB, expire: 30 * DAY, add_remaining_traffic: false } }, after) },
      [`User/${p}dan`]: { changed: edited({ status: 'active' }) },
      [`User/${p}ivy`]: { added: (after) => firstDifference({ status: 'on_hold', on_hold_expire_duration: 7 * DAY, expire: null, data_limit: GiB }, after) },
      [`Group/${p}g2`]: { changed: changedTo({ is_disabled: true }) },
      [`Group/${p}g3`]: { added: (after) => firstDifference({ inbound_tags: [tag], is_disabled: false }, after) },
      [`UserTemplate/${p}tpl`]: { changed: changedTo({ data_limit: 40 * GiB }) },
      [`Host/${p}host`]: { changed: sniBecame(['eu.example', 'eu3.example']) },
      [`Node/${p}node`]: { changed: changedTo({ usage_coefficient: 2 }) },
      [`Admin/${p}adm`]: { changed: changedTo({ note: 'reseller' }) },
    };
  },
};
