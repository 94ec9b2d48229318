import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../../controller/emulators/marzban/index.ts';
import { call, login } from './raw.ts';

describe('Marzban emulator: auth, admins, templates', () => {
  let emu: MarzbanEmulator;
  let sudo: string;
  beforeEach(async () => {
    emu = await startMarzbanEmulator({ seed: 5 });
    sudo = await login(emu);
  });
  afterEach(() => emu.close());

  it('§12.1 form login, exact 401 texts', async () => {
    const json = await fetch(`${emu.url}/api/admin/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(422);
    const bad = await fetch(`${emu.url}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'nope' }) });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ detail: 'Incorrect username or password' });
    expect((await call(emu, 'GET', '/api/admin')).body).toEqual({ detail: 'Not authenticated' });
    expect((await call(emu, 'GET', '/api/admin', 'bogus')).body).toEqual({ detail: 'Could not validate credentials' });
    emu.revokeAllTokens();
    expect((await call(emu, 'GET', '/api/admin', sudo)).status).toBe(401);
  });

  it('§12.2 non-sudo admins see only their users and get 403 elsewhere', async () => {
    await call(emu, 'POST', '/api/admin', sudo, { username: 'res', password: 'res-pass', is_sudo: false });
    const res = await login(emu, 'res', 'res-pass');
    await call(emu, 'POST', '/api/user', sudo, { username: 'foreign', proxies: { vmess: {} }, inbounds: {} });
    expect((await call(emu, 'POST', '/api/user', res, { username: 'mine', proxies: { vmess: {} }, inbounds: {} })).status).toBe(200);
    const list = await call(emu, 'GET', '/api/users', res);
    expect(list.body.users.map((u: { username: string }) => u.username)).toEqual(['mine']);
    expect((await call(emu, 'GET', '/api/user/foreign', res)).body).toEqual({ detail: "You're not allowed" });
    expect((await call(emu, 'GET', '/api/nodes', res)).status).toBe(403);
  });

  it('§12.15 admin PUT applies only is_sudo true, truthy extras, and a password PUT revokes tokens', async () => {
    await call(emu, 'POST', '/api/admin', sudo, { username: 'res', password: 'res-pass', is_sudo: false, telegram_id: 7 });
    const res = await login(emu, 'res', 'res-pass');
    expect((await call(emu, 'PUT', '/api/admin/res', sudo, { telegram_id: 0 })).status).toBe(422);
    await call(emu, 'PUT', '/api/admin/res', sudo, { is_sudo: false, telegram_id: 0, discord_webhook: '' });
    const [admin] = (await call(emu, 'GET', '/api/admins?username=RES', sudo)).body;
    expect(admin).toMatchObject({ username: 'res', is_sudo: false, telegram_id: 7 });
    expect((await call(emu, 'GET', '/api/admin', res)).status).toBe(200);
    await call(emu, 'PUT', '/api/admin/res', sudo, { is_sudo: false, password: 'res-pass' });
    expect((await call(emu, 'GET', '/api/admin', res)).status).toBe(401);
    expect(emu.state.checkAdminPassword('res', 'res-pass')).toBe(true);
    await call(emu, 'POST', '/api/admin', sudo, { username: 'boss', password: 'p', is_sudo: true });
    expect((await call(emu, 'DELETE', '/api/admin/boss', sudo)).status).toBe(403);
    expect((await call(emu, 'DELETE', '/api/admin/nobody', sudo)).body).toEqual({ detail: 'Admin not found' });
  });

  it('§12.15 deleting an admin orphans its users', async () => {
    await call(emu, 'POST', '/api/admin', sudo, { username: 'res', password: 'res-pass', is_sudo: false });
    await call(emu, 'POST', '/api/user', sudo, { username: 'kept', proxies: { vmess: {} }, inbounds: {} });
    await call(emu, 'PUT', '/api/user/kept/set-owner?admin_username=res', sudo);
    expect((await call(emu, 'GET', '/api/user/kept', sudo)).body.admin.username).toBe('res');
    expect((await call(emu, 'DELETE', '/api/admin/res', sudo)).body).toEqual({ detail: 'Admin removed successfully' });
    expect((await call(emu, 'GET', '/api/user/kept', sudo)).body.admin).toBeNull();
  });

  it('§12.15 templates: unique names (409 even without a name), int ids, DELETE answers null', async () => {
    const t = await call(emu, 'POST', '/api/user_template', sudo, { name: 'basic', inbounds: { vless: ['VLESS TCP REALITY', 'ghost'] } });
    expect(t.body).toMatchObject({ id: 1, name: 'basic', data_limit: 0, inbounds: { vless: ['VLESS TCP REALITY'] } });
    expect((await call(emu, 'POST', '/api/user_template', sudo, { name: 'basic' })).status).toBe(409);
    expect((await call(emu, 'POST', '/api/user_template', sudo, {})).body).toEqual({ detail: 'Template by this name already exists' });
    const del = await call(emu, 'DELETE', '/api/user_template/1', sudo);
    expect([del.status, del.body]).toEqual([200, null]);
  });

  it('counts requests per route and injects faults', async () => {
    emu.counters.reset();
    await call(emu, 'GET', '/api/user/x', sudo);
    await call(emu, 'GET', '/api/user/y', sudo);
    expect(emu.counters.get('GET', '/api/user/:username')).toBe(2);
    emu.faults.configure({ errorRate: 1 });
    expect((await call(emu, 'GET', '/api/admin', sudo)).status).toBe(500);
  });
});
