import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { importCommand } from '../../controller/cli/import-command.ts';
import { DEFAULT_INBOUNDS } from '../../controller/emulators/3x-ui/inbounds.ts';
import { XUI_VERSIONS, type XuiEmulator } from '../../controller/emulators/3x-ui/index.ts';
import { atLeast } from '../../controller/emulators/3x-ui/versions.ts';
import { XUI_EXAMPLE_SECRETS } from '../../controller/sandbox/seed-xui.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { startWorld } from '../helpers/world.ts';
import { xuiFixture, xuiGet, xuiInboundIds, xuiPost, type XuiWorld } from '../helpers/xui-fixture.ts';

const GiB = 2 ** 30;
const DAY = 86_400_000;
const AD_TAG = '0123456789abcdef0123456789abcdef';
const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples', '3x-ui');

type Listed = {
  email: string; uuid: string; password: string; auth: string; secret: string; adTag: string; subId: string; enable: boolean;
  expiryTime: number; inboundIds: number[] | null; traffic?: { up: number; down: number };
};

/** What must never move unless a manifest asks: credentials, subId, counters, adTag, enable, expiry. */
const fingerprint = (c: Listed) => ({
  uuid: c.uuid, password: c.password, auth: c.auth, secret: c.secret, subId: c.subId, adTag: c.adTag,
  up: c.traffic?.up ?? 0, down: c.traffic?.down ?? 0, enable: c.enable, expiryTime: c.expiryTime,
});

/** A panel in use before panelops, seeded only through its own API. */
async function seedThroughApi(emu: XuiEmulator, groups: boolean): Promise<void> {
  const ids = await xuiInboundIds(emu.url);
  const add = async (client: Record<string, unknown>, tags: string[]) => {
    const res = await xuiPost(emu.url, '/clients/add', { client, inboundIds: tags.map((t) => ids[t]) });
    expect(res.success, res.msg).toBe(true);
  };
  const traffic = (email: string, download: number) => xuiPost(emu.url, `/clients/updateTraffic/${email}`, { upload: 0, download });
  if (groups) await xuiPost(emu.url, '/clients/groups/create', { name: 'legacy-team' });
  await add({ email: 'multi@old.example', flow: 'xtls-rprx-vision', totalGB: 50 * GiB, group: 'legacy-team' }, ['vless-reality', 'trojan-tls']);
  await add({ email: 'started@old.example', expiryTime: -7 * DAY, totalGB: 5 * GiB }, ['vless-reality']);
  await traffic('started@old.example', 1000);
  await add({ email: 'waiting@old.example', expiryTime: -7 * DAY, totalGB: 5 * GiB }, ['vmess-ws']);
  await add({ email: 'renew@old.example', expiryTime: Date.now() - 1000, reset: 30, totalGB: 10 * GiB }, ['vmess-ws']);
  await traffic('renew@old.example', GiB);
  await add({ email: 'heavy@old.example', totalGB: GiB }, ['trojan-tls']);
  await traffic('heavy@old.example', 2 * GiB);
  await add({ email: 'tg@old.example', adTag: AD_TAG }, ['mtproto']);
  await add({ email: 'hy@old.example' }, ['hysteria']);
  // The panel's job: renews the expired auto-renew client, disables the over-quota one.
  expect(emu.tick()).toEqual({ disabled: ['heavy@old.example'], renewed: ['renew@old.example'] });
}

/** Edits one item of the imported client list. */
async function editImported(file: string, email: string, edit: Record<string, unknown>): Promise<void> {
  const doc = parseDocument(await readFile(file, 'utf8'));
  const items = doc.getIn(['spec', 'items']) as { items: Array<{ get(k: string): unknown; set(k: string, v: unknown): void }> };
  const item = items.items.find((i) => i.get('name') === email);
  if (!item) throw new Error(`${email} not imported`);
  for (const [k, v] of Object.entries(edit)) item.set(k, v);
  await writeFile(file, doc.toString());
}

describe('3x-ui: the whole operator cycle in each emulated release', () => {
  let world: XuiWorld | undefined;
  afterEach(async () => world?.close());

  // Every release with a clients API: v3.1.0-v3.3.0 mint new keys for credentials an update leaves empty (§12.1).
  for (const version of XUI_VERSIONS.filter((v) => atLeast(v, '3.1'))) {
    it(`v${version}: seed, import, plan 0, edit with the example fleet, apply, plan 0, nothing moved unasked`, async () => {
      const groups = atLeast(version, '3.2');
      const extra = [{ protocol: 'mtproto' as const, port: 2443, tag: 'mtproto', remark: 'MTProto' }, { protocol: 'hysteria' as const, port: 2444, tag: 'hysteria', remark: 'Hysteria' }];
      const base = xuiFixture({ version, inbounds: [...DEFAULT_INBOUNDS, ...extra] });
      world = await startWorld({ ...base, env: (e) => ({ ...base.env(e), ...XUI_EXAMPLE_SECRETS }) });
      const w = world;
      await seedThroughApi(w.emulator, groups);
      await w.write({});

      const c = captureRuntime(w.env);
      const imported = await importCommand(c.rt, { dir: w.manifests, stateDir: w.stateDir, panel: 'xui', kind: [], selector: [], names: [], adopt: true });
      expect(imported, c.stderr()).toBe(0);
      const first = await w.plan();
      expect(first.code, first.stdout + first.stderr).toBe(0);

      // The waiting trial gets its first traffic after the import: a started trial, not drift.
      await xuiPost(w.emulator.url, '/clients/updateTraffic/waiting@old.example', { upload: 10, download: 10 });
      const afterStart = await w.plan();
      expect(afterStart.code, afterStart.stdout).toBe(0);
      expect(afterStart.stdout).toContain('delayed start began on first use');

      const listBefore = (await xuiGet<Listed[]>(w.emulator.url, '/clients/list')).obj;
      const before = Object.fromEntries(listBefore.map((l) => [l.email, fingerprint(l)]));

      // Edit: the example fleet joins, and some imported clients change.
      // Groups came with v3.2 (§11): on v3.1 the clients keep their labels without Group manifests.
      for (const f of ['clients.yaml', ...(groups ? ['groups.yaml'] : []), 'clients-legacy.yaml']) await copyFile(join(EXAMPLES, f), join(w.manifests, `example-${f}`));
      const clients = join(w.manifests, 'xui-clients.yaml');
      await editImported(clients, 'multi@old.example', { comment: 'edited', inbounds: ['trojan-tls', 'vless-reality', 'vmess-ws'] });
      await editImported(clients, 'tg@old.example', { totalGB: '20GiB' });
      await editImported(clients, 'heavy@old.example', { totalGB: '5GiB', enable: true });
      await editImported(clients, 'renew@old.example', { enable: false });
      await editImported(clients, 'started@old.example', { comment: 'trial' });
      await editImported(clients, 'hy@old.example', { enable: false });

      const applied = await w.apply();
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      w.emulator.tick();
      const last = await w.plan();
      expect(last.code, last.stdout + last.stderr).toBe(0);

      const after = Object.fromEntries((await xuiGet<Listed[]>(w.emulator.url, '/clients/list')).obj.map((l) => [l.email, l]));
      const asked: Record<string, Partial<ReturnType<typeof fingerprint>>> = {
        'heavy@old.example': { enable: true },
        'renew@old.example': { enable: false },
        'hy@old.example': { enable: false },
      };
      for (const [email, was] of Object.entries(before)) {
        const now = after[email];
        expect(now, email).toBeDefined();
        expect(fingerprint(now as Listed), email).toEqual({ ...was, ...asked[email] });
      }
      const ids = await xuiInboundIds(w.emulator.url);
      const multi = await xuiGet<{ client: { flow: string; comment: string }; inboundIds: number[] }>(w.emulator.url, '/clients/get/multi@old.example');
      expect(multi.obj.client).toMatchObject({ flow: 'xtls-rprx-vision', comment: 'edited' });
      expect(multi.obj.inboundIds).toEqual([ids['vless-reality'], ids['vmess-ws'], ids['trojan-tls']].sort((a, b) => (a ?? 0) - (b ?? 0)));
      // The example fleet: flows on REALITY + trojan converge, the paused trial is off, the pinned UUID is the manifest's.
      const rosa = await xuiGet<{ client: { flow: string } }>(w.emulator.url, '/clients/get/rosa@example.net');
      expect(rosa.obj.client.flow).toBe('xtls-rprx-vision');
      expect(after['yuri@example.net']?.enable).toBe(false);
      expect(after['router-office']?.uuid).toBe(XUI_EXAMPLE_SECRETS.XUI_ROUTER_UUID);
    });
  }
});
