import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_INBOUNDS } from '../../../controller/emulators/3x-ui/inbounds.ts';
import { startXuiEmulator, type XuiEmulator, type XuiVersion } from '../../../controller/emulators/3x-ui/index.ts';
import { api } from './raw.ts';

const INBOUNDS = [...DEFAULT_INBOUNDS, { protocol: 'mtproto' as const, port: 2443, tag: 'mtproto' }, { protocol: 'hysteria' as const, port: 2444, tag: 'hysteria' }];
const VISION = 'xtls-rprx-vision';

type Client = { uuid: string; password: string; auth: string; secret: string; subId: string; flow: string };

/** 3x-ui.md §12.1-§12.5, §12.16-§12.17: how each release treats an update, and what it reports. */
describe('3x-ui emulator: release behaviours', () => {
  let emu: XuiEmulator;
  afterEach(() => emu.close());

  const start = async (version: XuiVersion) => {
    emu = await startXuiEmulator({ seed: 3, version, inbounds: INBOUNDS });
    const options = (await api(emu, 'GET', '/inbounds/options')).body.obj as Array<Record<string, unknown> & { id: number; tag: string }>;
    const ids = Object.fromEntries(options.map((o) => [o.tag, o.id]));
    return { options, ids };
  };
  const get = async (email: string) => (await api(emu, 'GET', `/clients/get/${email}`)).body.obj as { client: Client; usedTraffic?: number; externalLinks?: unknown };
  const listed = async (email: string) => ((await api(emu, 'GET', '/clients/list')).body.obj as Array<Client & { email: string }>).find((c) => c.email === email);

  /** Adds a client on every credential-bearing inbound, then updates it with every credential empty. */
  async function emptyUpdate(version: XuiVersion): Promise<{ before: Client; after: Client }> {
    const { ids } = await start(version);
    const on = ['vless-reality', 'trojan-tls', 'ss-tcp', 'hysteria', 'mtproto'].map((t) => ids[t]);
    expect((await api(emu, 'POST', '/clients/add', { client: { email: 'a@x' }, inboundIds: on })).body.success).toBe(true);
    const before = (await get('a@x')).client;
    expect((await api(emu, 'POST', '/clients/update/a@x', { email: 'a@x', enable: true })).body.success).toBe(true);
    return { before, after: (await get('a@x')).client };
  }

  for (const version of ['3.1', '3.2', '3.3.0'] as XuiVersion[]) {
    it(`v${version}: an update with empty credentials mints new ones on every protocol (§12.1)`, async () => {
      const { before, after } = await emptyUpdate(version);
      for (const field of ['uuid', 'password', 'auth', 'secret'] as const) expect(after[field], field).not.toBe(before[field]);
      expect(after.subId).toBe(before.subId);
    });
  }

  it('v3.3.1: empty credentials are kept, except the MTProto secret (§12.1)', async () => {
    const { before, after } = await emptyUpdate('3.3.1');
    expect([after.uuid, after.password, after.auth]).toEqual([before.uuid, before.password, before.auth]);
    expect(after.secret).not.toBe(before.secret);
  });

  it('v3.5: every credential sent empty is kept', async () => {
    const { before, after } = await emptyUpdate('3.5');
    expect(after).toMatchObject({ uuid: before.uuid, password: before.password, auth: before.auth, secret: before.secret });
  });

  it('ssMethod is in options from v3.3.0 only; usedTraffic and externalLinks in get from v3.4.0 only (§12.3, §12.4)', async () => {
    const older = await start('3.2');
    expect(older.options.find((o) => o.tag === 'ss-tcp')).not.toHaveProperty('ssMethod');
    await api(emu, 'POST', '/clients/add', { client: { email: 'u@x' }, inboundIds: [older.ids['vmess-ws']] });
    expect(await get('u@x')).not.toHaveProperty('usedTraffic');
    await emu.close();
    const v330 = await start('3.3.0');
    expect(v330.options.find((o) => o.tag === 'ss-tcp')?.ssMethod).toBe('chacha20-ietf-poly1305');
    await api(emu, 'POST', '/clients/add', { client: { email: 'u@x' }, inboundIds: [v330.ids['vmess-ws']] });
    expect(await get('u@x')).not.toHaveProperty('usedTraffic');
    await emu.close();
    const v34 = await start('3.4');
    await api(emu, 'POST', '/clients/add', { client: { email: 'u@x' }, inboundIds: [v34.ids['vmess-ws']] });
    expect(await get('u@x')).toMatchObject({ usedTraffic: 0, externalLinks: [] });
  });

  it('v3.1-v3.2 write the flow raw into every entry and the column; v3.3.0 strips it per inbound (§12.5)', async () => {
    const raw = await start('3.2');
    await api(emu, 'POST', '/clients/add', { client: { email: 'f@x', flow: VISION }, inboundIds: [raw.ids['vless-reality'], raw.ids['vmess-ws']] });
    expect((await listed('f@x'))?.flow).toBe(VISION);
    const vmess = (await api(emu, 'GET', `/inbounds/get/${raw.ids['vmess-ws']}`)).body.obj.settings.clients[0];
    expect(vmess.flow).toBe(VISION);
    await emu.close();
    const stripped = await start('3.3.0');
    await api(emu, 'POST', '/clients/add', { client: { email: 'f@x', flow: VISION }, inboundIds: [stripped.ids['vless-reality'], stripped.ids['vmess-ws']] });
    expect((await listed('f@x'))?.flow).toBe('');
    expect((await get('f@x')).client.flow).toBe(VISION);
  });

  it('v3.0: no clients API and no options (a bare 404), while inbounds/list answers (§12.16)', async () => {
    emu = await startXuiEmulator({ seed: 3, version: '3.0' });
    expect((await api(emu, 'GET', '/inbounds/options')).status).toBe(404);
    expect((await api(emu, 'GET', '/clients/list')).status).toBe(404);
    expect((await api(emu, 'GET', '/inbounds/list')).status).toBe(200);
  });

  it('extra client fields are read back, and an update that leaves them out resets them (§12.18)', async () => {
    emu = await startXuiEmulator({ seed: 3, extraClientFields: { reset_day: 5, traffic_reset: 'monthly' } });
    const id = ((await api(emu, 'GET', '/inbounds/options')).body.obj as Array<{ id: number }>)[0]?.id;
    await api(emu, 'POST', '/clients/add', { client: { email: 'e@x' }, inboundIds: [id] });
    expect((await get('e@x')).client).toMatchObject({ reset_day: 5, traffic_reset: 'monthly' });
    await api(emu, 'POST', '/clients/update/e@x', { email: 'e@x', enable: true, reset_day: 7 });
    expect((await get('e@x')).client).toMatchObject({ reset_day: 7, traffic_reset: '' });
  });
});
