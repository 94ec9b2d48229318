import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../controller/emulators/kit/clock.ts';
import { startUsersApiEmulator, type UsersApiEmulator } from '../../../controller/emulators/users-api/index.ts';

describe('Users API emulator', () => {
  let emu: UsersApiEmulator;
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const call = async (method: string, path: string, body?: unknown, key = 'sandbox-users-api-key') => {
    const res = await fetch(`${emu.url}${path}`, {
      method,
      headers: { ...(key ? { 'x-api-key': key } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const create = (username: string, extra: object = {}) => call('POST', '/api/users', { username, email: `${username}@x.example`, password: 'long-enough', ...extra });
  beforeEach(async () => {
    emu = await startUsersApiEmulator({ clock });
  });
  afterEach(() => emu.close());

  it('§5.1 / §5.2 key, then permission, then user, then body; error shapes', async () => {
    expect(await call('GET', '/api/users/1', undefined, '')).toEqual({ status: 401, body: { message: 'API key is required' } });
    expect((await call('GET', '/api/users/1', undefined, 'nope')).status).toBe(401);
    expect(await call('GET', '/api/users/1', undefined, 'sandbox-readonly-key')).toEqual({ status: 403, body: { message: 'Forbidden' } });
    expect(await call('PUT', '/api/users/99', { email: 'bad' })).toEqual({ status: 404, body: { message: 'User not found' } });
    expect((await call('GET', '/api/users/abc')).status).toBe(404);
  });

  it('§5.4 / §5.5 create 201 without roles; 422 on duplicates and unknown roles; PUT merges', async () => {
    const made = await create('alice', { role_ids: [3] });
    expect(made.status).toBe(201);
    expect(made.body.user).toMatchObject({ username: 'alice', status: 'active' });
    expect(made.body.user.roles).toBeUndefined();
    expect((await create('ALICE')).body).toEqual({ error: 'username is already taken' });
    expect((await create('bob', { role_ids: [9] })).body).toEqual({ error: 'Role with ID 9 not found' });
    await call('PUT', `/api/users/${made.body.user.id}`, { email: 'new@x.example' });
    expect((await call('GET', `/api/users/${made.body.user.id}`)).body.user).toMatchObject({ username: 'alice', email: 'new@x.example' });
  });

  it('§5.6 / §5.7 status follows blocks and flips back at expiry; unblock is idempotent', async () => {
    const id = (await create('carl')).body.user.id as number;
    expect((await call('POST', `/api/users/${id}/block`, { until: '2025-01-01T00:00:00Z' })).status).toBe(422);
    await call('POST', `/api/users/${id}/block`, { reason: 'spam', until: '2026-01-02T00:00:00Z' });
    expect((await call('GET', `/api/users/${id}`)).body.user).toMatchObject({ status: 'blocked', block_info: { reason: 'spam' } });
    clock.advance(2 * 86_400_000);
    expect((await call('GET', `/api/users/${id}`)).body.user.status).toBe('active');
    expect((await call('POST', `/api/users/${id}/unblock`)).status).toBe(200);
  });

  it('§5.8 roles are replaced wholesale; [] clears', async () => {
    const id = (await create('dora', { role_ids: [3] })).body.user.id as number;
    const put = await call('PUT', `/api/users/${id}/roles`, { role_ids: [1, 2] });
    expect(put.body.user.roles.map((r: { name: string }) => r.name)).toEqual(['admin', 'moderator']);
    expect((await call('PUT', `/api/users/${id}/roles`, { role_ids: [] })).body.user.roles).toEqual([]);
  });

  it('§5.9 / §5.10 social links once per network, link ids apart from type ids; unknown device 404', async () => {
    const id = (await create('eve')).body.user.id as number;
    const link = await call('POST', `/api/users/${id}/social-networks`, { network_id: 2, profile_url: '@eve' });
    expect(link.status).toBe(201);
    expect((await call('POST', `/api/users/${id}/social-networks`, { network_id: 2, profile_url: '@eve2' })).status).toBe(422);
    expect((await call('DELETE', `/api/users/${id}/social-networks/${link.body.social_network.id}`)).status).toBe(200);
    expect((await call('DELETE', `/api/users/${id}/devices/5`)).status).toBe(404);
  });

  it('§5.11 / §5.12 search needs 3 characters; pages ordered by id, 422 on bad values', async () => {
    emu.seedUsers(45, { prefix: 'm' });
    expect((await call('GET', '/api/users/search?q=m1')).status).toBe(422);
    expect((await call('GET', '/api/users/search?q=m10')).body.users.map((u: { username: string }) => u.username)).toEqual(['m10']);
    expect((await call('GET', '/api/users?page=3')).body.users).toHaveLength(5);
    expect((await call('GET', '/api/users?page=4')).body.users).toEqual([]);
    expect((await call('GET', '/api/users?per_page=101')).status).toBe(422);
  });
});
