import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersApiWorld, type UsersApiWorld } from '../helpers/hosting-fixtures.ts';
import { startTamperingProxy, type Tamper, type TamperingProxy } from '../helpers/tampering-proxy.ts';

const users = ['ann', 'ben']
  .map((n) => `apiVersion: usersapi.panelops.io/v1\nkind: User\nmetadata: { name: ${n}x }\nspec: { email: ${n}@example.org, password: { env: USER_PASS } }\n`)
  .join('---\n');

/** Rewrites GET /api/users pages (the list; reads of one user by id are left alone). */
const onList = (body: (real: Record<string, unknown>) => unknown): Tamper => (req, answer) =>
  req.method === 'GET' && req.path === '/api/users' ? { status: 200, body: JSON.stringify(body(JSON.parse(answer.body) as Record<string, unknown>)) } : undefined;

const MALFORMED: Array<[string, Tamper]> = [
  ['users: null', onList((b) => ({ ...b, users: null }))],
  ['users missing (an error envelope with HTTP 200)', onList(() => ({ error: 'maintenance' }))],
  ['users as an object', onList((b) => ({ ...b, users: {} }))],
  ['a row that is no object', onList((b) => ({ ...b, users: ['ann'] }))],
];

describe('Users API list answers that are not lists', () => {
  let world: UsersApiWorld;
  let proxy: TamperingProxy;
  beforeAll(async () => {
    world = await usersApiWorld();
    await world.write({ 'users.yaml': users });
    const applied = await world.apply();
    expect(applied.code, applied.stderr).toBe(0);
    proxy = await startTamperingProxy(world.emulator.url);
    world.env.PANEL_URL = proxy.url;
  });
  afterAll(async () => {
    await proxy.close();
    await world.close();
  });

  for (const [name, tamper] of MALFORMED) {
    it(`${name}: the panel's read fails and nothing is planned or written`, async () => {
      proxy.tamper = tamper;
      const writes = world.emulator.counters.writes();
      const plan = await world.plan({ format: 'json' });
      expect(plan.code, plan.stdout + plan.stderr).toBe(1);
      const panel = (JSON.parse(plan.stdout) as { panels: Array<{ error?: string; operations: unknown[] }> }).panels[0];
      expect(panel?.operations).toEqual([]);
      expect(panel?.error).toMatch(/\/api\/users/);
      expect((await world.apply()).code).toBe(1);
      expect(world.emulator.counters.writes()).toBe(writes);
    });
  }
});
