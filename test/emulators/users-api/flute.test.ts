import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../controller/emulators/kit/clock.ts';
import { startUsersApiEmulator, type UsersApiEmulator, type UsersApiEmulatorOptions } from '../../../controller/emulators/users-api/index.ts';

/** The emulator's `flute` mode against users-api.md §4 and §7 (the newest section wins). */
describe('Users API emulator, flute mode', () => {
  let emu: UsersApiEmulator;
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const start = async (options: UsersApiEmulatorOptions = {}) => {
    emu = await startUsersApiEmulator({ compat: 'flute', clock, rateLimit: false, keys: [{ key: 'boss', permissions: ['admin.boss'] }, { key: 'users-only', permissions: ['admin.users'] }], ...options });
  };
  afterEach(() => emu.close());
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (method: string, path: string, body?: unknown, key = 'boss'): Promise<{ status: number; headers: Headers; body: any }> => {
    const res = await fetch(`${emu.url}${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, headers: res.headers, body: await res.json() };
  };
  const create = (login: string, extra: object = {}) => call('POST', '/api/users', { name: `The ${login}`, login, email: `${login}@x.example`, password: 'long-enough', ...extra });

  it('§7 users carry name, login and is_blocked, roles as names, created_at in the server zone; paging is ignored', async () => {
    await start({ timeZoneOffsetMinutes: 180 });
    emu.seedUsers(30);
    const list = await call('GET', '/api/users?page=2&per_page=5');
    expect(list.body.users).toHaveLength(30);
    expect(list.body.users[1]).toEqual({ id: 2, name: 'Member member 2', login: 'member2', email: 'member2@example.com', avatar: null, created_at: '2026-01-01T03:00:00+03:00', is_online: false, is_blocked: false, roles: ['user'] });
    const temp = emu.state.users.get(3);
    if (temp) temp.temporary = true;
    expect((await call('GET', '/api/users')).body.users[2].login).toBeNull();
  });

  it('§4 / §7 create needs name, login, email and password; ignores role_ids; a missing password is a 500; duplicates give the DB error', async () => {
    await start();
    expect((await call('POST', '/api/users', { username: 'ann', email: 'ann@x.example', password: 'long-enough' })).body.error).toMatch(/^Invalid user data: The name must be/);
    const made = await create('ann', { role_ids: [1] });
    expect(made.status).toBe(201);
    expect(made.body.user).toMatchObject({ login: 'ann', roles: [], is_blocked: false });
    expect(made.body.user.status).toBeUndefined();
    expect((await call('POST', '/api/users', { name: 'Bob Bob', login: 'bob', email: 'bob@x.example' })).status).toBe(500);
    expect((await create('ANN')).body.error).toMatch(/^SQLSTATE\[23000\]: .*Duplicate entry 'ANN' for key 'users.login'/);
  });

  it('§7 update replaces the whole user: name, login, email and the password every time; status is ignored', async () => {
    await start();
    const id = (await create('cleo')).body.user.id as number;
    expect((await call('PUT', `/api/users/${id}`, { email: 'new@x.example' })).status).toBe(422);
    expect((await call('PUT', `/api/users/${id}`, { name: 'Cleo C', login: 'cleo', email: 'new@x.example' })).body.error).toMatch(/password/);
    const put = await call('PUT', `/api/users/${id}`, { name: 'Cleo C', login: 'cleo', email: 'new@x.example', password: 'another-one', status: 'blocked' });
    expect(put.body.user).toMatchObject({ name: 'Cleo C', email: 'new@x.example', is_blocked: false });
    expect(emu.state.checkPassword('cleo', 'another-one')).toBe(true);
  });

  it('§7 every block answers 500 and stores nothing; unblock answers 200 either way; admin-panel blocks show as PHP dates', async () => {
    await start();
    const id = (await create('dana')).body.user.id as number;
    expect((await call('POST', `/api/users/${id}/block`, { reason: 'Spamming the forum' })).status).toBe(500);
    expect((await call('POST', `/api/users/${id}/block`, {})).status).toBe(500);
    expect((await call('POST', '/api/users/99/block', {})).status).toBe(404);
    expect((await call('GET', `/api/users/${id}`)).body.user.is_blocked).toBe(false);
    const dana = emu.state.users.get(id);
    if (dana) dana.block = { reason: 'Chargeback', until: Date.UTC(2031, 0, 1), from: clock.now() };
    const detail = (await call('GET', `/api/users/${id}`)).body.user;
    expect(detail.is_blocked).toBe(true);
    expect(detail.block_info).toMatchObject({ reason: 'Chargeback', blockedUntil: { date: '2031-01-01 00:00:00.000000', timezone_type: 3, timezone: 'UTC' } });
    expect(detail.roles).toEqual([]);
    expect((await call('POST', `/api/users/${id}/unblock`)).status).toBe(200);
    expect((await call('POST', `/api/users/${id}/unblock`)).status).toBe(200);
    expect((await call('GET', `/api/users/${id}`)).body.user.block_info).toBeNull();
  });

  it('§4 / §7 roles: only admin and user exist; a missing role_ids clears them; the role list needs admin.roles', async () => {
    await start();
    const id = (await create('eli')).body.user.id as number;
    expect((await call('PUT', `/api/users/${id}/roles`, { role_ids: [1, 2] })).body.user.roles).toEqual(['admin', 'user']);
    expect((await call('PUT', `/api/users/${id}/roles`, { role_ids: [3] })).body).toEqual({ error: 'Role with ID 3 not found' });
    expect((await call('PUT', `/api/users/${id}/roles`, {})).body.user.roles).toEqual([]);
    expect((await call('GET', '/api/roles')).body.roles.map((r: { id: number; name: string }) => [r.id, r.name])).toEqual([[1, 'admin'], [2, 'user']]);
    expect((await call('GET', '/api/roles', undefined, 'users-only')).status).toBe(403);
  });

  it('§7 the soft delete leaves the user listed, readable and searchable', async () => {
    await start();
    const id = (await create('finn')).body.user.id as number;
    expect((await call('DELETE', `/api/users/${id}/delete`)).body).toEqual({ message: 'User deleted successfully' });
    expect((await call('GET', '/api/users')).body.users.map((u: { login: string }) => u.login)).toContain('finn');
    expect((await call('GET', `/api/users/${id}`)).status).toBe(200);
    expect((await call('GET', '/api/users/search?q=fin')).body.users).toHaveLength(1);
    expect((await call('GET', '/api/users/search?q=The finn')).body.users).toHaveLength(1);
  });

  it('§4 social links and devices: module shapes, 422 for an unknown child', async () => {
    await start();
    const id = (await create('gil')).body.user.id as number;
    const link = await call('POST', `/api/users/${id}/social-networks`, { social_network_id: 2, value: '@gil', url: 'https://t.me/gil' });
    expect(link.body.social_network).toEqual({ id: expect.any(Number), network: 'telegram', profile_url: 'https://t.me/gil' });
    expect((await call('POST', `/api/users/${id}/social-networks`, { social_network_id: 2, value: '@gil2' })).body.error).toBe('User already has this social network connected');
    expect((await call('GET', `/api/users/${id}/social-networks`)).body.social_networks[0]).toMatchObject({ network: 'telegram', value: 'https://t.me/gil', hidden: false });
    expect((await call('DELETE', `/api/users/${id}/social-networks/999`)).status).toBe(422);
    expect((await call('DELETE', `/api/users/${id}/devices/5`)).status).toBe(422);
  });

  it('§7 60 requests per minute per route (the module default), then 429 with Retry-After; other routes and the next window go on', async () => {
    await start({ rateLimit: { requests: 60, windowMs: 60_000 } });
    for (let i = 0; i < 60; i++) expect((await call('GET', '/api/users')).status).toBe(200);
    const refused = await call('GET', '/api/users');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect((await call('GET', '/api/users/1')).status).toBe(404);
    clock.advance(60_000);
    expect((await call('GET', '/api/users')).status).toBe(200);
    expect(emu.throttled()).toBe(1);
  });
});
