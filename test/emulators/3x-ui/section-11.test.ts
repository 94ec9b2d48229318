import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_INBOUNDS } from '../../../controller/emulators/3x-ui/inbounds.ts';
import { startXuiEmulator, type XuiEmulator, type XuiVersion } from '../../../controller/emulators/3x-ui/index.ts';
import { ManualClock } from '../../../controller/emulators/kit/clock.ts';
import { api, inboundId } from './raw.ts';

const GiB = 2 ** 30;
const DAY = 86_400_000;

/** The corrections of 3x-ui.md §11, one behaviour per test. */
describe('3x-ui emulator: §11 corrections', () => {
  let emu: XuiEmulator;
  let clock: ManualClock;
  const ids: Record<string, number> = {};
  const start = async (version?: XuiVersion) => {
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    emu = await startXuiEmulator({
      seed: 11,
      clock,
      ...(version ? { version } : {}),
      inbounds: [
        ...DEFAULT_INBOUNDS,
        { protocol: 'shadowsocks', port: 1443, tag: 'ss-2022', settings: { method: '2022-blake3-aes-128-gcm' } },
        { protocol: 'mtproto', port: 2443, tag: 'mtproto' },
      ],
    });
    for (const tag of ['vless-reality', 'vmess-ws', 'trojan-tls', 'ss-tcp', 'ss-2022', 'mtproto']) ids[tag] = await inboundId(emu, tag);
  };
  beforeEach(() => start());
  afterEach(() => emu.close());
  const id = (tag: string) => ids[tag] ?? -1;
  const add = (client: object, tags: string[]) => api(emu, 'POST', '/clients/add', { client, inboundIds: tags.map(id) });
  const get = async (email: string) => (await api(emu, 'GET', `/clients/get/${encodeURIComponent(email)}`)).body.obj;
  const entry = async (tag: string, email: string) =>
    (await api(emu, 'GET', `/inbounds/get/${id(tag)}`)).body.obj.settings.clients.find((c: { email: string }) => c.email === email);

  it('auto-renew renews only a client whose time ran out; a used-up quota is disabled, not renewed', async () => {
    await add({ email: 'quota@x', totalGB: GiB, reset: 30 }, ['vless-reality']);
    await add({ email: 'time@x', totalGB: 10 * GiB, reset: 30, expiryTime: clock.now() + DAY }, ['vless-reality']);
    emu.setTraffic('quota@x', 0, 2 * GiB);
    emu.setTraffic('time@x', 0, GiB);
    clock.advance(2 * DAY);
    expect(emu.tick()).toEqual({ disabled: ['quota@x'], renewed: ['time@x'] });
    const quota = await get('quota@x');
    expect(quota.client.enable).toBe(false);
    expect(quota.usedTraffic).toBe(2 * GiB);
    const time = await get('time@x');
    expect(time.client.enable).toBe(true);
    expect(time.usedTraffic).toBe(0);
    expect(time.client.expiryTime).toBe(Date.UTC(2026, 0, 1) + 31 * DAY);
  });

  it('bulkCreate: a case variant of an existing email fails every item of that inbound, even ones that landed elsewhere', async () => {
    await add({ email: 'Bob@x' }, ['vmess-ws']);
    const res = await api(emu, 'POST', '/clients/bulkCreate', [
      { client: { email: 'bob@x' }, inboundIds: [id('trojan-tls')] },
      { client: { email: 'amy@x' }, inboundIds: [id('vless-reality'), id('trojan-tls')] },
      { client: { email: 'cy@x' }, inboundIds: [id('vless-reality')] },
    ]);
    expect(res.body.success).toBe(true);
    expect(res.body.obj.created).toBe(1);
    expect(res.body.obj.skipped).toEqual(expect.arrayContaining([
      { email: 'bob@x', reason: 'Duplicate email: bob@x' },
      { email: 'amy@x', reason: 'Duplicate email: bob@x' },
    ]));
    // amy landed on vless-reality before the trojan add failed.
    expect((await get('amy@x')).inboundIds).toEqual([id('vless-reality')]);
    expect((await api(emu, 'GET', '/clients/get/bob@x')).body.success).toBe(false);
  });

  it('bulkCreate: duplicate emails or subIds within the batch and unknown inbound ids fail only their item', async () => {
    const res = await api(emu, 'POST', '/clients/bulkCreate', [
      { client: { email: 'a@x', subId: 's1' }, inboundIds: [id('vmess-ws')] },
      { client: { email: 'a@x' }, inboundIds: [id('vmess-ws')] },
      { client: { email: 'b@x', subId: 's1' }, inboundIds: [id('vmess-ws')] },
      { client: { email: 'c@x' }, inboundIds: [id('vmess-ws'), 99] },
      { client: { email: 'd@x' }, inboundIds: [id('vmess-ws')] },
    ]);
    expect(res.body.obj.created).toBe(2);
    expect(res.body.obj.skipped).toEqual([
      { email: 'a@x', reason: 'email already in use: a@x' },
      { email: 'b@x', reason: 'subId already in use: s1' },
      { email: 'c@x', reason: 'record not found' },
    ]);
    expect((await api(emu, 'GET', '/clients/get/c@x')).body.success).toBe(false);
  });

  it('bulkDetach lists each email once, skips emails on none of the targets and ignores unknown inbound ids', async () => {
    await add({ email: 'm@x' }, ['vless-reality', 'vmess-ws']);
    await add({ email: 'n@x' }, ['trojan-tls']);
    const res = await api(emu, 'POST', '/clients/bulkDetach', { emails: ['m@x', 'n@x'], inboundIds: [id('vless-reality'), id('vmess-ws'), 99] });
    expect(res.body.obj).toEqual({ detached: ['m@x'], skipped: ['n@x'], errors: null });
  });

  it('not-found texts: update says record not found, del names the client', async () => {
    expect((await api(emu, 'POST', '/clients/update/ghost@x', { email: 'ghost@x' })).body.msg).toBe('Something went wrong (record not found)');
    expect((await api(emu, 'POST', '/clients/del/ghost@x')).body.msg).toBe('Something went wrong (client "ghost@x" not found in any inbound or client record\n)');
  });

  it('re-add with the same subId keeps credentials, joins the missing inbounds, forces enable and merges the fields', async () => {
    await add({ email: 'r@x', subId: 'sub-r', comment: 'old' }, ['vless-reality']);
    const before = await get('r@x');
    await api(emu, 'POST', '/clients/bulkDisable', { emails: ['r@x'] });
    const res = await add({ email: 'r@x', subId: 'sub-r', comment: 'new', totalGB: GiB }, ['vless-reality', 'vmess-ws']);
    expect(res.body.success).toBe(true);
    const after = await get('r@x');
    expect(after.client.uuid).toBe(before.client.uuid);
    expect(after.client).toMatchObject({ enable: true, comment: 'new', totalGB: GiB });
    expect(after.inboundIds).toEqual([id('vless-reality'), id('vmess-ws')]);
  });

  it('an invalid character message carries the whole value, Unicode whitespace included', async () => {
    expect((await add({ email: 'a\u00a0b@x' }, ['vmess-ws'])).body.msg).toBe('Something went wrong (client email contains an invalid character: a\u00a0b@x\n)');
  });

  it('update writes adTag from the body: left out, it is wiped', async () => {
    await add({ email: 'tg@x', adTag: 'abcdef0123456789abcdef0123456789' }, ['mtproto']);
    expect((await entry('mtproto', 'tg@x')).adTag).toBe('abcdef0123456789abcdef0123456789');
    await api(emu, 'POST', '/clients/update/tg@x', { email: 'tg@x', enable: true, comment: 'x' });
    expect((await get('tg@x')).client.adTag).toBe('');
  });

  it('a client on a Shadowsocks-2022 and a trojan inbound gets its trojan password replaced by the next update', async () => {
    await add({ email: 'ss@x' }, ['trojan-tls', 'ss-2022']);
    const trojanBefore = (await entry('trojan-tls', 'ss@x')).password as string;
    expect(trojanBefore).toMatch(/^[0-9a-f]{32}$/);
    await api(emu, 'POST', '/clients/update/ss@x', { email: 'ss@x', enable: true, comment: 'touched' });
    const trojanAfter = (await entry('trojan-tls', 'ss@x')).password as string;
    expect(trojanAfter).not.toBe(trojanBefore);
    expect(Buffer.from(trojanAfter, 'base64')).toHaveLength(16);
  });

  it('routes follow the release: v3.1 has no bulk or groups, v3.2 no bulkEnable / bulkDisable', async () => {
    const status = async (path: string) => (await api(emu, 'POST', path, { emails: [] })).status;
    expect(await status('/clients/bulkEnable')).toBe(200);
    await emu.close();
    await start('3.2');
    expect(await status('/clients/bulkCreate')).toBe(200);
    expect(await status('/clients/bulkDisable')).toBe(404);
    expect((await api(emu, 'POST', '/clients/bulkDisable', { emails: [] })).text).toBe('');
    await emu.close();
    await start('3.1');
    expect(await status('/clients/bulkAttach')).toBe(404);
    expect((await api(emu, 'GET', '/clients/groups')).status).toBe(404);
    expect((await add({ email: 'v31@x' }, ['vmess-ws'])).body.success).toBe(true);
  });
});
