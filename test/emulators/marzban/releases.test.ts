import { afterEach, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator, type MarzbanEmulatorOptions } from '../../../controller/emulators/marzban/index.ts';
import { call, login } from './raw.ts';

/** The three releases' shapes and quirks (marzban.md §11, §13-§15). */
describe('Marzban emulator: releases 0.4.2, 0.7.0 and 0.8.4', () => {
  const open: MarzbanEmulator[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((e) => e.close()));
  });
  const start = async (options: MarzbanEmulatorOptions) => {
    const emu = await startMarzbanEmulator({ seed: 3, ...options });
    open.push(emu);
    return { emu, t: await login(emu) };
  };

  it('answers its version and the user shape of each release (§14)', async () => {
    for (const [version, keys] of [['0.4.2', []], ['0.7.0', ['admin', 'auto_delete_in_days']], ['0.8.4', ['admin', 'auto_delete_in_days', 'next_plan']]] as const) {
      const { emu, t } = await start({ version });
      expect((await call(emu, 'GET', '/api/system', t)).body.version).toBe(version);
      const user = (await call(emu, 'POST', '/api/user', t, { username: 'shape', proxies: { vmess: {} }, inbounds: {} })).body;
      for (const key of ['admin', 'auto_delete_in_days', 'next_plan']) expect(key in user, `${version} ${key}`).toBe((keys as readonly string[]).includes(key));
    }
  });

  it('admin shapes: 0.4.2 username and is_sudo, 0.7.0 adds telegram and discord, 0.8.4 users_usage', async () => {
    const shapes = { '0.4.2': ['is_sudo', 'username'], '0.7.0': ['discord_webhook', 'is_sudo', 'telegram_id', 'username'], '0.8.4': ['discord_webhook', 'is_sudo', 'telegram_id', 'username', 'users_usage'] };
    for (const [version, keys] of Object.entries(shapes)) {
      const { emu, t } = await start({ version: version as '0.8.4' });
      expect(Object.keys((await call(emu, 'GET', '/api/admin', t)).body).sort()).toEqual(keys);
    }
  });

  it('0.7.0 template by id needs ?template_id= (§14); 0.8.4 takes the path alone', async () => {
    const { emu, t } = await start({ version: '0.7.0' });
    const created = (await call(emu, 'POST', '/api/user_template', t, { name: 'monthly', data_limit: 1 })).body;
    const missing = { status: 422, body: { detail: { template_id: 'field required' } } };
    expect(await call(emu, 'GET', `/api/user_template/${created.id}`, t)).toEqual(missing);
    expect(await call(emu, 'PUT', `/api/user_template/${created.id}`, t, { data_limit: 2 })).toEqual(missing);
    expect(await call(emu, 'DELETE', `/api/user_template/${created.id}`, t)).toEqual(missing);
    expect((await call(emu, 'PUT', `/api/user_template/${created.id}?template_id=${created.id}`, t, { data_limit: 2 })).body.data_limit).toBe(2);
    expect((await call(emu, 'DELETE', `/api/user_template/${created.id}?template_id=${created.id}`, t)).status).toBe(200);
    const current = await start({ version: '0.8.4' });
    const other = (await call(current.emu, 'POST', '/api/user_template', current.t, { name: 'monthly' })).body;
    expect((await call(current.emu, 'DELETE', `/api/user_template/${other.id}`, current.t)).status).toBe(200);
  });

  it('case twins on a case-sensitive (SQLite) database, one user on a folding one (§15)', async () => {
    const sqlite = await start({ version: '0.8.4' });
    for (const username of ['Alice', 'alice']) expect((await call(sqlite.emu, 'POST', '/api/user', sqlite.t, { username, proxies: { vmess: {} }, inbounds: {} })).status).toBe(200);
    expect((await call(sqlite.emu, 'GET', '/api/user/ALICE', sqlite.t)).status).toBe(404);
    const mysql = await start({ version: '0.8.4', caseSensitive: false });
    await call(mysql.emu, 'POST', '/api/user', mysql.t, { username: 'Alice', proxies: { vmess: {} }, inbounds: {} });
    expect((await call(mysql.emu, 'POST', '/api/user', mysql.t, { username: 'alice', proxies: { vmess: {} }, inbounds: {} })).status).toBe(409);
  });

  it('fresh database: template tags nothing referenced yet are dropped; once a user names them, they stay (§14)', async () => {
    const { emu, t } = await start({ version: '0.7.0', freshDatabase: true });
    const first = (await call(emu, 'POST', '/api/user_template', t, { name: 'early', inbounds: { vmess: ['VMess TCP'] } })).body;
    expect(first.inbounds).toEqual({});
    await call(emu, 'POST', '/api/user', t, { username: 'first', proxies: { vmess: {} }, inbounds: { vmess: ['VMess TCP'] } });
    const later = (await call(emu, 'POST', '/api/user_template', t, { name: 'later', inbounds: { vmess: ['VMess TCP'] } })).body;
    expect(later.inbounds).toEqual({ vmess: ['VMess TCP'] });
  });

  it('0.8.4 drops an unknown template tag with 200 (§15)', async () => {
    const { emu, t } = await start({ version: '0.8.4' });
    const created = (await call(emu, 'POST', '/api/user_template', t, { name: 'x' })).body;
    const put = await call(emu, 'PUT', `/api/user_template/${created.id}`, t, { inbounds: { vmess: ['No Such Tag'] } });
    expect(put.status).toBe(200);
    expect(put.body.inbounds).toEqual({});
  });

  it('hosts: 0.8.4 checks fragment and noise with 422; 0.4.2 ignores the later fields and refuses h3 (§13, §15)', async () => {
    const current = await start({ version: '0.8.4' });
    const host = { remark: 'r', address: 'a.example' };
    const bad = await call(current.emu, 'PUT', '/api/hosts', current.t, { 'VMess TCP': [{ ...host, fragment_setting: '100,tlshello' }] });
    expect(bad.status).toBe(422);
    expect(bad.body.detail.fragment_setting).toMatch(/^Value error, Fragment setting must be like this/);
    expect((await call(current.emu, 'PUT', '/api/hosts', current.t, { 'VMess TCP': [{ ...host, noise_setting: 'nope' }] })).status).toBe(422);
    const good = await call(current.emu, 'PUT', '/api/hosts', current.t, { 'VMess TCP': [{ ...host, fragment_setting: '10-100,100-200,tlshello', noise_setting: 'rand:10-20,100-200&str:abc' }] });
    expect(good.body['VMess TCP'][0]).toMatchObject({ fragment_setting: '10-100,100-200,tlshello', allowinsecure: null });
    const old = await start({ version: '0.4.2' });
    const stored = await call(old.emu, 'PUT', '/api/hosts', old.t, { 'VMess TCP': [{ ...host, mux_enable: true, fragment_setting: 'x' }] });
    expect(Object.keys(stored.body['VMess TCP'][0])).not.toContain('mux_enable');
    expect((await call(old.emu, 'PUT', '/api/hosts', old.t, { 'VMess TCP': [{ ...host, alpn: 'h3' }] })).status).toBe(422);
  });

  it('sudo admins: wording and shape per release; a node that cannot be reached goes to error (§13, §14)', async () => {
    const { emu, t } = await start({ version: '0.7.0', unreachableNodes: ['10.9.9.9'] });
    await call(emu, 'POST', '/api/admin', t, { username: 'boss', password: 'p', is_sudo: true });
    const edit = await call(emu, 'PUT', '/api/admin/boss', t, { is_sudo: true, telegram_id: 3 });
    expect(edit).toEqual({ status: 403, body: { detail: ["You're not allowed to edit another sudoer's account. Use marzban-cli instead."] } });
    expect((await call(emu, 'DELETE', '/api/admin/boss', t)).body.detail).toBe("You're not allowed to delete sudoers accounts. Use marzban-cli instead.");
    const node = (await call(emu, 'POST', '/api/node', t, { name: 'far', address: '10.9.9.9' })).body;
    emu.tick();
    expect((await call(emu, 'GET', `/api/node/${node.id}`, t)).body).toMatchObject({ status: 'error', message: '[Errno 111] Connection refused' });
  });

  it('0.4.2 answers {} to user deletes and node reconnects; a disabled node reconnected goes to error (§11, §13)', async () => {
    const { emu, t } = await start({ version: '0.4.2' });
    await call(emu, 'POST', '/api/user', t, { username: 'gone', proxies: { vmess: {} } });
    expect((await call(emu, 'DELETE', '/api/user/gone', t)).body).toEqual({});
    const node = (await call(emu, 'POST', '/api/node', t, { name: 'n', address: 'n.example' })).body;
    await call(emu, 'PUT', `/api/node/${node.id}`, t, { status: 'disabled' });
    expect((await call(emu, 'POST', `/api/node/${node.id}/reconnect`, t)).body).toEqual({});
    expect((await call(emu, 'GET', `/api/node/${node.id}`, t)).body.status).toBe('error');
  });

  it('pydantic 1 wording before 0.8 (§13)', async () => {
    for (const [version, text] of [['0.7.0', 'field required'], ['0.8.4', 'Field required']] as const) {
      const { emu, t } = await start({ version });
      expect((await call(emu, 'POST', '/api/admin', t, { username: 'x', is_sudo: false })).body, version).toEqual({ detail: { password: text } });
    }
  });

  it('check order for a non-sudo caller: 403 before 404 on 0.4.2, 404 first from 0.7.0 (§2, §13, checked live)', async () => {
    for (const [version, status] of [['0.4.2', 403], ['0.7.0', 404], ['0.8.4', 404]] as const) {
      const { emu, t } = await start({ version });
      await call(emu, 'POST', '/api/admin', t, { username: 'helper', password: 'p', is_sudo: false });
      const helper = await login(emu, 'helper', 'p');
      expect((await call(emu, 'DELETE', '/api/admin/nobody', helper)).status, version).toBe(status);
      expect((await call(emu, 'GET', '/api/node/999', helper)).status, version).toBe(status);
    }
  });
});
