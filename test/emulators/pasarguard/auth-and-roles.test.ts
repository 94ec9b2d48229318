import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../controller/emulators/kit/clock.ts';
import { startPasarGuardEmulator, type PasarGuardEmulator } from '../../../controller/emulators/pasarguard/index.ts';
import { call, login } from './raw.ts';

const PASS = 'Operator-Pass-12!';

describe('PasarGuard emulator: login, API keys, roles (pasarguard.md §2, §14 points 1-4)', () => {
  let emu: PasarGuardEmulator;
  let owner: string;
  const clock = new ManualClock(Date.UTC(2026, 5, 1, 12, 0, 0, 500));
  beforeEach(async () => {
    emu = await startPasarGuardEmulator({ seed: 3, clock });
    owner = await login(emu);
  });
  afterEach(() => emu.close());

  it('logs in with the form only, with the panel\'s texts for every refusal', async () => {
    const json = await fetch(`${emu.url}/api/admin/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"owner"}' });
    expect(json.status).toBe(422);
    expect(await json.json()).toEqual({ detail: { username: 'Field required', password: 'Field required' } });
    const bad = await fetch(`${emu.url}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username: 'owner', password: 'nope' }) });
    expect([bad.status, bad.headers.get('www-authenticate'), await bad.json()]).toEqual([401, 'Bearer', { detail: 'Incorrect username or password' }]);
    for (const auth of [undefined, 'bogus']) expect((await call(emu, 'GET', '/api/admin', auth)).body).toEqual({ detail: 'Could not validate credentials' });
    expect((await call(emu, 'GET', '/api/admin', owner)).body).toMatchObject({ username: 'owner', role: { id: 1, name: 'owner', is_owner: true } });
  });

  it('refuses a disabled admin, and any password PUT revokes earlier tokens, even in the same second', async () => {
    const op = await call(emu, 'POST', '/api/admin', owner, { username: 'op', password: PASS, role_id: 3 });
    expect(op.status).toBe(201);
    const token = await login(emu, 'op', PASS);
    await call(emu, 'PUT', `/api/admin/by-id/${op.body.id}`, owner, { password: PASS });
    expect((await call(emu, 'GET', '/api/admin', token)).status).toBe(401);
    clock.advance(1000);
    const fresh = await login(emu, 'op', PASS);
    expect((await call(emu, 'GET', '/api/admin', fresh)).status).toBe(200);
    await call(emu, 'PUT', `/api/admin/by-id/${op.body.id}`, owner, { status: 'disabled' });
    expect((await call(emu, 'GET', '/api/admin', fresh)).body).toEqual({ detail: 'your account has been disabled' });
    const refused = await fetch(`${emu.url}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username: 'op', password: PASS }) });
    expect(refused.status).toBe(403);
  });

  it('takes an API key as X-Api-Key or Authorization: ApiKey, shows it once, and revoking replaces it', async () => {
    const made = await call(emu, 'POST', '/api/api_key', owner, { name: 'ci' });
    expect(made.status).toBe(201);
    const key = made.body.api_key as string;
    expect(key).toMatch(/^pg_key_[0-9a-f-]{36}$/);
    expect((await call(emu, 'GET', '/api/users', { apiKey: key })).status).toBe(200);
    const res = await fetch(`${emu.url}/api/users`, { headers: { authorization: `ApiKey ${key}` } });
    expect(res.status).toBe(200);
    const revoked = await call(emu, 'POST', `/api/api_key/${made.body.id}/revoke`, owner);
    expect(revoked.body.api_key).not.toBe(key);
    expect((await call(emu, 'GET', '/api/users', { apiKey: key })).status).toBe(401);
    expect((await call(emu, 'GET', '/api/users', { apiKey: revoked.body.api_key })).status).toBe(200);
  });

  it('scopes an operator to its own users (404 on others, whatever admin= says) and denies other resources by name', async () => {
    await call(emu, 'POST', '/api/admin', owner, { username: 'op', password: PASS, role_id: 3 });
    const op = await login(emu, 'op', PASS);
    const foreign = await call(emu, 'POST', '/api/user', owner, { username: 'foreign' });
    expect((await call(emu, 'POST', '/api/user', op, { username: 'mine' })).status).toBe(201);
    const list = await call(emu, 'GET', '/api/users?admin=owner', op);
    expect(list.body.users.map((u: { username: string }) => u.username)).toEqual(['mine']);
    expect((await call(emu, 'GET', `/api/user/by-id/${foreign.body.id}`, op)).body).toEqual({ detail: 'User not found' });
    expect((await call(emu, 'GET', '/api/nodes', op)).body).toEqual({ detail: 'Permission denied: nodes.read' });
    expect((await call(emu, 'GET', '/api/groups', op)).body).toEqual({ detail: 'Permission denied: groups.read' });
    expect((await call(emu, 'GET', '/api/admins', op)).status).toBe(403);
  });

  it('keeps the owner out of reach: no owner role by API, no delete; deleting an admin orphans its users and drops its keys', async () => {
    expect((await call(emu, 'POST', '/api/admin', owner, { username: 'x', password: PASS, role_id: 1 })).body).toEqual({ detail: 'Owner role cannot be assigned via this endpoint. Use the setup flow.' });
    expect((await call(emu, 'DELETE', '/api/admin/by-id/1', owner)).status).toBe(403);
    const adm = await call(emu, 'POST', '/api/admin', owner, { username: 'adm', password: PASS, role_id: 2 });
    const token = await login(emu, 'adm', PASS);
    expect((await call(emu, 'GET', '/api/admins', token)).body.admins.map((a: { username: string }) => a.username)).toEqual(['adm']);
    expect((await call(emu, 'PUT', '/api/admin/by-id/1', token, { note: 'x' })).body).toEqual({ detail: 'Owner account is not accessible.' });
    const key = (await call(emu, 'POST', '/api/api_key', token, { name: 'k' })).body.api_key as string;
    const u = await call(emu, 'POST', '/api/user', token, { username: 'theirs' });
    const gone = await call(emu, 'DELETE', `/api/admin/by-id/${adm.body.id}`, owner);
    expect([gone.status, gone.body]).toEqual([204, undefined]);
    expect((await call(emu, 'GET', `/api/user/by-id/${u.body.id}`, owner)).body.admin).toBeNull();
    expect((await call(emu, 'GET', '/api/users', { apiKey: key })).status).toBe(401);
  });

  it('lists the password rules that failed, joined by "; "', async () => {
    const weak = await call(emu, 'POST', '/api/admin', owner, { username: 'w', password: 'abc', role_id: 3 });
    expect(weak.status).toBe(422);
    expect(weak.body.detail.password).toBe('Value error, Password must be at least 12 characters long; Password must contain at least 2 digits; Password must contain at least 2 uppercase letters; Password must contain at least one special character');
  });
});
