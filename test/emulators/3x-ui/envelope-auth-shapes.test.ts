import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startXuiEmulator, type XuiEmulator } from '../../../controller/emulators/3x-ui/index.ts';
import { api, inboundId } from './raw.ts';

describe('3x-ui emulator: envelope, auth, shapes, create', () => {
  let emu: XuiEmulator;
  let vless: number;
  let trojan: number;
  beforeEach(async () => {
    emu = await startXuiEmulator({ seed: 4 });
    vless = await inboundId(emu, 'vless-reality');
    trojan = await inboundId(emu, 'trojan-tls');
  });
  afterEach(() => emu.close());
  const add = (client: object, inboundIds: number[]) => api(emu, 'POST', '/clients/add', { client, inboundIds });

  it('§10.1 HTTP 200 envelopes with every key, failures as success:false with "\\n" in panel texts', async () => {
    const okReply = await add({ email: 'a@x' }, [vless]);
    expect(okReply.body).toEqual({ success: true, msg: 'Inbound client(s) have been added.', obj: null });
    const dup = await add({ email: 'a@x' }, [vless]);
    expect([dup.status, dup.body.success, dup.body.msg]).toEqual([200, false, 'Something went wrong (email already in use: a@x\n)']);
    const missing = await api(emu, 'GET', '/clients/get/nobody');
    expect(missing.body).toEqual({ success: false, msg: 'Obtain (record not found)', obj: null });
  });

  it('§10.2 no auth: bare 404 (401 for XHR); cookie POST without CSRF: 403; login needs CSRF', async () => {
    const hidden = await api(emu, 'GET', '/clients/list', undefined, {});
    expect([hidden.status, hidden.text]).toEqual([404, '']);
    expect((await api(emu, 'GET', '/clients/list', undefined, { 'x-requested-with': 'XMLHttpRequest' })).status).toBe(401);
    const csrf = await fetch(`${emu.url}/csrf-token`);
    const cookie = (csrf.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const token = ((await csrf.json()) as { obj: string }).obj;
    const noCsrf = await fetch(`${emu.url}/login`, { method: 'POST', headers: { cookie }, body: new URLSearchParams({ username: 'admin', password: 'sandbox-xui-pass' }) });
    expect(noCsrf.status).toBe(403);
    const login = await fetch(`${emu.url}/login`, { method: 'POST', headers: { cookie, 'x-csrf-token': token }, body: new URLSearchParams({ username: 'admin', password: 'sandbox-xui-pass' }) });
    expect(((await login.json()) as { success: boolean }).success).toBe(true);
    expect((await api(emu, 'GET', '/clients/list', undefined, { cookie })).body.success).toBe(true);
    expect((await api(emu, 'POST', '/clients/add', { client: { email: 'c@x' }, inboundIds: [vless] }, { cookie })).status).toBe(403);
    expect((await api(emu, 'POST', '/clients/add', { client: { email: 'c@x' }, inboundIds: [vless] }, { cookie, 'x-csrf-token': token })).body.success).toBe(true);
  });

  it('§10.3 read and write shapes differ; a read record posted to update fails', async () => {
    await add({ email: 'r@x' }, [vless]);
    const read = (await api(emu, 'GET', '/clients/get/r@x')).body.obj.client;
    expect(typeof read.id).toBe('number');
    expect(read.uuid).toMatch(/^[0-9a-f-]{36}$/);
    const back = await api(emu, 'POST', '/clients/update/r@x', read);
    expect(back.body.success).toBe(false);
    expect(back.body.msg).toContain('cannot unmarshal number into Go struct field Client.id of type string');
  });

  it('§10.4 add forces enable, generates credentials and a UUID subId, needs an inbound, allows a re-add', async () => {
    await add({ email: 'n@x', enable: false }, [vless, trojan]);
    const c = (await api(emu, 'GET', '/clients/get/n@x')).body.obj.client;
    expect(c.enable).toBe(true);
    expect(c.password).toMatch(/^[0-9a-f]{32}$/);
    expect(c.subId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await add({ email: 'z@x' }, [])).body.msg).toContain('at least one inbound is required');
    expect((await add({ email: 'n@x', subId: c.subId, totalGB: 5 }, [vless])).body.success).toBe(true);
  });

  it('§10.5 case-insensitive email uniqueness, exact lookups, bad characters refused', async () => {
    await add({ email: 'Case@x' }, [vless]);
    expect((await add({ email: 'case@x' }, [vless])).body.msg).toContain('Duplicate email: case@x');
    expect((await api(emu, 'GET', '/clients/get/case@x')).body.success).toBe(false);
    expect((await add({ email: 'bad email' }, [vless])).body.msg).toContain('invalid character');
  });

  it('§10.6 update replaces the row: omitted fields reset, credentials and subId kept, rename', async () => {
    await add({ email: 'u@x', totalGB: 100, comment: 'keep?', tgId: 5 }, [vless]);
    const before = (await api(emu, 'GET', '/clients/get/u@x')).body.obj.client;
    await api(emu, 'POST', '/clients/update/u@x', { email: 'u2@x' });
    const after = (await api(emu, 'GET', '/clients/get/u2@x')).body.obj.client;
    expect(after).toMatchObject({ enable: false, totalGB: 0, comment: '', tgId: 0, uuid: before.uuid, subId: before.subId });
  });

  it('§10.15 traffic of an unknown email is success:true with null; updateTraffic sets absolute values', async () => {
    expect((await api(emu, 'GET', '/clients/traffic/ghost')).body).toEqual({ success: true, msg: '', obj: null });
    await add({ email: 't@x' }, [vless]);
    await api(emu, 'POST', '/clients/updateTraffic/t@x', { upload: 5, download: 7 });
    expect((await api(emu, 'GET', '/clients/traffic/t@x')).body.obj).toMatchObject({ up: 5, down: 7 });
  });
});
