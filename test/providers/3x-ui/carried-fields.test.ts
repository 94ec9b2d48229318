import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_INBOUNDS } from '../../../controller/emulators/3x-ui/inbounds.ts';
import { xuiGet, xuiInboundIds, xuiPost, xuiWorld, type XuiWorld } from '../../helpers/xui-fixture.ts';

type Entry = { email: string; password?: string; adTag?: string };
type Inbound = { settings: { clients: Entry[] } };

const AD_TAG = '0123456789abcdef0123456789abcdef';

const client = (name: string, spec: string) => `apiVersion: xui.panelops.io/v1
kind: Client
metadata: { name: ${name} }
spec: ${spec}
`;

/** Issue 17 points 6 and 7: what an update must carry, and the update it must not send. */
describe('3x-ui updates keep what the manifest does not set', () => {
  let world: XuiWorld;
  let ids: Record<string, number>;
  beforeEach(async () => {
    world = await xuiWorld({
      inbounds: [
        ...DEFAULT_INBOUNDS,
        { protocol: 'shadowsocks', port: 1443, tag: 'ss-2022', settings: { method: '2022-blake3-aes-128-gcm' } },
        { protocol: 'mtproto', port: 2443, tag: 'mtproto' },
      ],
    });
    ids = await xuiInboundIds(world.emulator.url);
  });
  afterEach(() => world.close());
  const entry = async (tag: string, email: string) =>
    (await xuiGet<Inbound>(world.emulator.url, `/inbounds/get/${ids[tag]}`)).obj.settings.clients.find((c) => c.email === email);

  it("an MTProto client's adTag survives an update of another field", async () => {
    await xuiPost(world.emulator.url, '/clients/add', { client: { email: 'tg@x.example', adTag: AD_TAG, limitHwid: 2 }, inboundIds: [ids.mtproto] });
    await world.write({ 'c.yaml': client('tg@x.example', '{ inbounds: [mtproto], comment: sponsored }') }, '{ prune: true, adopt: true }');
    const applied = await world.apply();
    expect(applied.code, applied.stdout).toBe(0);
    const live = await xuiGet<{ client: { adTag: string; comment: string; limitHwid: number } }>(world.emulator.url, '/clients/get/tg@x.example');
    expect(live.obj.client).toMatchObject({ adTag: AD_TAG, comment: 'sponsored', limitHwid: 2 });
    expect((await entry('mtproto', 'tg@x.example'))?.adTag).toBe(AD_TAG);
  });

  it('a client on a Shadowsocks-2022 and a trojan inbound is not updated: the plan warns, the trojan password stays', async () => {
    await xuiPost(world.emulator.url, '/clients/add', { client: { email: 'mix@x.example' }, inboundIds: [ids['trojan-tls'], ids['ss-2022']] });
    const before = (await entry('trojan-tls', 'mix@x.example'))?.password;
    await world.write({ 'c.yaml': client('mix@x.example', '{ inbounds: [ss-2022, trojan-tls], comment: edited }') }, '{ prune: true, adopt: true }');
    const plan = await world.plan();
    expect(plan.stdout).toContain('any update makes 3x-ui replace its password');
    world.emulator.counters.reset();
    const applied = await world.apply();
    expect(applied.code, applied.stdout).toBe(0);
    expect(world.emulator.counters.get('POST', '/panel/api/clients/update/mix@x.example')).toBe(0);
    expect((await entry('trojan-tls', 'mix@x.example'))?.password).toBe(before);
    expect((await world.plan()).code).toBe(0);
  });
});
