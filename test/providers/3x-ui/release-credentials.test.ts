import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_INBOUNDS } from '../../../controller/emulators/3x-ui/inbounds.ts';
import { XUI_VERSIONS, type XuiEmulatorOptions } from '../../../controller/emulators/3x-ui/index.ts';
import { atLeast } from '../../../controller/emulators/3x-ui/versions.ts';
import { startTamperingProxy, type TamperingProxy } from '../../helpers/tampering-proxy.ts';
import { startWorld } from '../../helpers/world.ts';
import { xuiFixture, xuiGet, xuiInboundIds, xuiPost, type XuiWorld } from '../../helpers/xui-fixture.ts';

const PINNED = '6f1d2c3b-4a59-4e8f-9a7b-0c1d2e3f4a5b';
const INBOUNDS: XuiEmulatorOptions['inbounds'] = [
  ...DEFAULT_INBOUNDS,
  { protocol: 'mtproto', port: 2443, tag: 'mtproto' },
  { protocol: 'hysteria', port: 2444, tag: 'hysteria' },
];

type Listed = { email: string; uuid: string; password: string; auth: string; secret: string; subId: string; enable: boolean };
type Inbound = { tag: string; settings: { clients: Array<Record<string, unknown> & { email: string }> } };

/** Every credential of every client, in the record and in each inbound entry, as one comparable value. */
async function credentials(url: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const c of (await xuiGet<Listed[]>(url, '/clients/list')).obj) out[c.email] = [c.uuid, c.password, c.auth, c.secret, c.subId];
  for (const inbound of (await xuiGet<Inbound[]>(url, '/inbounds/list')).obj) {
    for (const e of inbound.settings.clients) out[`${e.email} @ ${inbound.tag}`] = [e.id, e.password, e.auth, e.secret, e.subId];
  }
  return out;
}

const manifests = (comment: string, enable: boolean) => ({
  'c.yaml': `apiVersion: xui.panelops.io/v1
kind: ClientList
spec:
  items:
    - { name: multi@x.example, inbounds: [vless-reality, trojan-tls, ss-tcp, hysteria], comment: ${comment}, enable: ${enable} }
    - { name: tg@x.example, inbounds: [mtproto], comment: ${comment}, enable: ${enable} }
    - { name: pinned@x.example, inbounds: [vless-reality, trojan-tls], uuid: { env: PINNED_UUID }, comment: ${comment}, enable: ${enable} }
`,
});

/** Issue: v3.1.0-v3.3.0 mint new keys for every credential an update leaves empty (3x-ui.md §12.1, §12.2). */
describe('3x-ui: credentials stay byte for byte through updates, enables and disables on every release', () => {
  let world: XuiWorld | undefined;
  afterEach(async () => world?.close());

  for (const version of XUI_VERSIONS.filter((v) => atLeast(v, '3.1'))) {
    it(`v${version}`, async () => {
      const base = xuiFixture({ version, inbounds: INBOUNDS });
      world = await startWorld({ ...base, env: (e) => ({ ...base.env(e), PINNED_UUID: PINNED }) });
      const url = world.emulator.url;
      const ids = await xuiInboundIds(url);
      const add = async (email: string, tags: string[]) => expect((await xuiPost(url, '/clients/add', { client: { email }, inboundIds: tags.map((t) => ids[t]) })).success).toBe(true);
      await add('multi@x.example', ['vless-reality', 'trojan-tls', 'ss-tcp', 'hysteria']);
      await add('tg@x.example', ['mtproto']);

      // Created disabled: the second step (a disable) must keep the pinned UUID (§12.2).
      await world.write(manifests('first', false), '{ prune: true, adopt: true }');
      const created = await world.apply();
      expect(created.code, created.stdout + created.stderr).toBe(0);
      const pinned = (await xuiGet<{ client: Listed }>(url, '/clients/get/pinned@x.example')).obj.client;
      expect(pinned).toMatchObject({ uuid: PINNED, enable: false });
      const start = await credentials(url);

      for (const [comment, enable] of [['second', false], ['second', true], ['second', false], ['third', false]] as const) {
        await world.write(manifests(comment, enable), '{ prune: true, adopt: true }');
        const applied = await world.apply();
        expect(applied.code, applied.stdout + applied.stderr).toBe(0);
        expect(await credentials(url), `${comment} enable=${enable}`).toEqual(start);
        const listed = (await xuiGet<Listed[]>(url, '/clients/list')).obj;
        expect(listed.every((c) => c.enable === enable)).toBe(true);
        expect((await world.plan()).code).toBe(0);
      }
    });
  }
});

describe('3x-ui: the read an update is built from must be the client meant', () => {
  let world: XuiWorld | undefined;
  let proxy: TamperingProxy | undefined;
  afterEach(async () => {
    await world?.close();
    await proxy?.close();
  });

  it("a get answered with another client's record sends nothing: that client's credentials never reach this one", async () => {
    const base = xuiFixture({ version: '3.2' });
    world = await startWorld({
      ...base,
      start: async () => {
        const e = await base.start();
        proxy = await startTamperingProxy(e.url);
        return e;
      },
      env: (e) => ({ ...base.env(e), XUI_URL: proxy?.url ?? '' }),
    });
    const url = world.emulator.url;
    const ids = await xuiInboundIds(url);
    for (const email of ['a@x.example', 'b@x.example']) await xuiPost(url, '/clients/add', { client: { email }, inboundIds: [ids['vless-reality']] });
    const other = await xuiGet<unknown>(url, '/clients/get/b@x.example');
    const before = await credentials(url);
    await world.write({ 'c.yaml': `apiVersion: xui.panelops.io/v1\nkind: Client\nmetadata: { name: a@x.example }\nspec: { inbounds: [vless-reality], comment: edited }\n` }, '{ prune: true, adopt: true }');
    (proxy as TamperingProxy).tamper = (req) => (decodeURIComponent(req.path).endsWith('/clients/get/a@x.example') ? { status: 200, body: JSON.stringify(other) } : undefined);
    world.emulator.counters.reset();
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stdout).toContain('the read before the write answered for another object (key "b@x.example" instead of "a@x.example"');
    expect(world.emulator.counters.get('POST', '/panel/api/clients/update/a@x.example')).toBe(0);
    expect(await credentials(url)).toEqual(before);
  });
});
