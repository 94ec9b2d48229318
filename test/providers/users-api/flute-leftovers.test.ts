import { afterEach, describe, expect, it } from 'vitest';
import type { UsersApiEmulator } from '../../../controller/emulators/users-api/index.ts';
import type { World } from '../../helpers/world.ts';
import { fluteWorld, userYaml } from './flute-fixture.ts';

const KEY = 'sandbox-users-api-key';

/** users-api.md §8: role permissions, social sign-ups and byte lengths on the Flute module. */
describe('Users API on Flute: roles without admin.roles, users without login or e-mail, lengths in bytes', () => {
  let world: World<UsersApiEmulator>;
  afterEach(() => world.close());
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${world.emulator.url}${path}`, {
      method,
      headers: { 'x-api-key': KEY, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('a role change with a key that lacks admin.roles fails at plan time, before anything is sent (§8.5)', async () => {
    world = await fluteWorld({ keys: [{ key: KEY, permissions: ['admin.users'] }] });
    world.emulator.state.add('uma', 'uma@x.example', 'Member-Pass-2026', [2]);
    await world.write({ 'u.yaml': userYaml('uma', 'email: uma.new@x.example, password: { env: USER_PASS }, roles: [admin, user]') }, '{ prune: true, adopt: true }');
    const writes = world.emulator.counters.writes();
    const plan = await world.plan();
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/u\.yaml:4:\d+: \/spec\/roles: a role change needs the admin\.roles permission: the API key lacks admin\.roles/);
    const applied = await world.apply();
    expect(applied.code).toBe(1);
    expect(world.emulator.counters.writes()).toBe(writes);
    expect(world.emulator.state.byUsername('uma')?.email).toBe('uma@x.example');
    // Roles as the panel has them still plan and apply.
    await world.write({ 'u.yaml': userYaml('uma', 'email: uma.new@x.example, password: { env: USER_PASS }, roles: [user]') }, '{ prune: true, adopt: true }');
    expect((await world.apply()).code).toBe(0);
    expect(world.emulator.state.byUsername('uma')?.email).toBe('uma.new@x.example');
  });

  it('social sign-ups with login null and e-mail null break no other answer, and hold no login (§8.1)', async () => {
    world = await fluteWorld();
    // member3 signed up through a social network that gave no address: no login, no e-mail.
    const social = world.emulator.state.users.get(3);
    if (!social) throw new Error('no member3');
    Object.assign(social, { temporary: true, email: null });
    const listed = await call('GET', '/api/users');
    expect(listed.status).toBe(200);
    expect((listed.body.users as Array<Record<string, unknown>>)[2]).toMatchObject({ login: null, email: null });
    expect((await call('GET', '/api/users/search?q=member')).status).toBe(200);
    await world.write({
      'u.yaml': [userYaml('nova', 'email: nova@x.example, password: { env: USER_PASS }'), userYaml('member3', 'email: m3@x.example, password: { env: USER_PASS }')].join('---\n'),
    });
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(world.emulator.state.byUsername('nova')).toBeDefined();
    // The social user's old login is no one's: the name is free, and the social user is untouched.
    expect(world.emulator.state.byUsername('member3')?.id).not.toBe(3);
    expect(social).toMatchObject({ temporary: true, email: null });
    expect((await world.plan()).code).toBe(0);
  });

  it('lengths count UTF-8 bytes: a 2-letter Cyrillic name is valid, a 26-letter Cyrillic login is not (§8.2)', async () => {
    world = await fluteWorld();
    const created = await call('POST', '/api/users', { name: 'Ян', login: 'yan', email: 'yan@x.example', password: 'long-enough' });
    expect(created.status).toBe(201);
    const tooLong = await call('POST', '/api/users', { name: 'Long Login', login: 'я'.repeat(26), email: 'long@x.example', password: 'long-enough' });
    expect(tooLong.status).toBe(422);
    expect(String(tooLong.body.error)).toContain('The login must be between 3 and 50 characters');

    // The provider refuses such a login before any request, naming bytes.
    const writes = world.emulator.counters.writes();
    await world.write({ 'u.yaml': userYaml('я'.repeat(26), 'email: long@x.example, password: { env: USER_PASS }') });
    const refused = await world.plan();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is 52 bytes in UTF-8; the panel takes 3-50 bytes/);

    // An update sends the live 4-byte name back as it is, not the login in its place.
    await world.write({ 'u.yaml': userYaml('yan', 'email: yan.new@x.example, password: { env: USER_PASS }') }, '{ prune: true, adopt: true }');
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(world.emulator.state.byUsername('yan')).toMatchObject({ name: 'Ян', email: 'yan.new@x.example' });
    expect(world.emulator.counters.writes()).toBe(writes + 1);
  });
});
