import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../controller/emulators/kit/clock.ts';
import { startOpenPanelEmulator, type OpenPanelEmulator } from '../../../controller/emulators/openpanel/index.ts';

describe('OpenPanel emulator', () => {
  let emu: OpenPanelEmulator;
  let token: string;
  const clock = new ManualClock(Date.UTC(2026, 7, 21, 9, 14, 19));
  const call = async (method: string, path: string, body?: unknown, auth = true, contentType = 'application/json') => {
    const res = await fetch(`${emu.url}${path}`, {
      method,
      headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const create = (username: string, password = 'Strong-Pass-1!') => call('POST', '/api/users', { email: `${username}@x`, username, password, plan_name: 'basic' });
  beforeEach(async () => {
    emu = await startOpenPanelEmulator({ clock });
    token = (await call('POST', '/api/', { username: 'admin', password: 'sandbox-op-pass' }, false)).body?.access_token as string;
  });
  afterEach(() => emu.close());

  it('§7.1 / §7.2 15-minute tokens; 401 on token routes, 404 "User not found" on account routes; login limit', async () => {
    expect((await call('GET', '/api/whoami')).status).toBe(200);
    clock.advance(15 * 60 * 1000 + 1);
    expect((await call('GET', '/api/whoami')).body).toEqual({ error: 'Missing or invalid token' });
    expect((await call('GET', '/api/users/anyone')).body).toEqual({ error: 'User not found' });
    for (let i = 0; i < 5; i++) expect((await call('POST', '/api/', { username: 'admin', password: 'x' }, false)).status).toBe(401);
    expect((await call('POST', '/api/', { username: 'admin', password: 'sandbox-op-pass' }, false)).status).toBe(429);
  });

  it('§7.3 / §7.4 / §9 unknown routes answer as the health check (GET) or the login (POST); an always-empty user list', async () => {
    expect(await call('GET', '/api/usage')).toEqual({ status: 200, body: { message: 'API is working!' } });
    expect((await call('POST', '/api/nothing/here', { username: 'admin', password: 'x' })).body).toEqual({ error: 'Invalid credentials' });
    expect((await call('DELETE', '/api/nothing', {})).body?.error).toContain('This api route does not exist');
    await create('alice');
    expect((await call('GET', '/api/users')).body).toEqual({ users: [] });
  });

  it('§7.5 create: 400s, lowercased names, 500 with empty error, half-created on a weak password', async () => {
    expect((await call('POST', '/api/users', 'nope', true, 'text/plain')).body).toEqual({ error: 'Invalid JSON format' });
    expect((await call('POST', '/api/users', { username: 'x' })).body).toEqual({ error: 'Missing required fields' });
    expect((await create('root')).body).toEqual({ error: 'Username is not allowed' });
    expect((await create('Bob')).status).toBe(201);
    expect(emu.state.lookup('bob')?.username).toBe('bob');
    expect((await create('bob')).body).toEqual({ success: false, error: '' });
    const weak = await create('weakling', 'abc');
    expect(weak.status).toBe(500);
    expect(emu.state.halfCreated('weakling')).toBe(true);
    expect((await call('GET', '/api/users/weakling')).status).toBe(404);
    expect((await create('weakling')).body).toEqual({ success: false, error: '' });
  });

  it('§7.6 / §7.7 / §9 suspend renames; password beats action; suspend of an unknown account is a 500', async () => {
    await create('carol');
    expect((await call('PATCH', '/api/users/carol', { action: 'suspend' })).status).toBe(201);
    expect((await call('GET', '/api/users/carol')).body?.user.user.username).toMatch(/^SUSPENDED_20260821\d{6}_carol$/);
    expect((await call('PATCH', '/api/users/ghost', { action: 'suspend' })).status).toBe(500);
    expect((await call('PATCH', '/api/users/carol', { action: 'suspend' })).status).toBe(500);
    expect((await call('PATCH', '/api/users/carol', { password: 'New-Pass-2026!', action: 'unsuspend' })).status).toBe(201);
    expect(emu.state.checkPassword('carol', 'New-Pass-2026!')).toBe(false);
    expect((await call('PATCH', '/api/users/carol', { action: 'unsuspend' })).status).toBe(201);
    expect((await call('PATCH', '/api/users/carol', { action: 'unsuspend' })).status).toBe(500);
  });

  it('§7.8 / §7.9 plan change refused for suspended users; DELETE needs JSON and works when suspended', async () => {
    await create('dave');
    expect((await call('PUT', '/api/users/dave', { plan_name: 'pro' })).status).toBe(201);
    await call('PATCH', '/api/users/dave', { action: 'suspend' });
    expect((await call('PUT', '/api/users/dave', { plan_name: 'basic' })).status).toBe(500);
    expect((await call('DELETE', '/api/users/dave', 'x', true, 'text/plain')).status).toBe(400);
    expect((await call('DELETE', '/api/users/dave', {})).status).toBe(201);
    expect((await call('DELETE', '/api/users/dave', {})).status).toBe(500);
  });

  it('§7.11 plans: no id on create, duplicate 500, PUT replaces, DELETE by id deletes nothing', async () => {
    expect((await call('POST', '/api/plans', { name: 'gold', cpu: 2 })).body).toEqual({ success: true, message: 'Plan gold created successfully.' });
    expect((await call('POST', '/api/plans', { name: 'gold' })).status).toBe(500);
    const gold = emu.state.planByName('gold');
    await call('PUT', `/api/plans/${gold?.id}`, { cpu: 4 });
    expect(emu.state.plans.get(gold?.id ?? 0)).toMatchObject({ name: 'None', description: 'None', cpu: '4', bandwidth: 100 });
    expect((await call('DELETE', `/api/plans/${gold?.id}`)).body?.success).toBe(true);
    expect(emu.state.plans.has(gold?.id ?? 0)).toBe(true);
  });

  it('§7.12 domain writes answer 200 with a return code', async () => {
    await create('erin');
    expect((await call('POST', '/api/domains/new', { username: 'erin', domain: 'erin.example' })).body).toMatchObject({ returncode: 0 });
    expect((await call('POST', '/api/domains/new', { username: 'erin', domain: 'erin.example' })).body).toMatchObject({ returncode: 1, stderr: 'ERROR: Domain erin.example already exists.' });
    expect((await call('POST', '/api/domains/suspend/erin.example', {})).body?.returncode).toBe(0);
    expect((await call('POST', '/api/domains/suspend/erin.example', {})).body?.stdout).toBe('Domain is already suspended.');
    expect((await call('POST', '/api/domains/delete/nope.example', {})).body?.returncode).toBe(1);
  });
});
