import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marzbanPanel, marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';
import { startTamperingProxy, type Tamper, type TamperingProxy } from '../helpers/tampering-proxy.ts';

const users = ['alice', 'bob', 'carol', 'dave', 'erin']
  .map((name) => `apiVersion: marzban.panelops.io/v1\nkind: User\nmetadata: { name: ${name} }\nspec: { proxies: { vless: {} }, dataLimit: 5GiB }\n`)
  .join('---\n');

/** Rewrites the JSON of GET /api/users answers, leaving every other answer alone. */
const onUsers = (change: (body: { users: Array<Record<string, unknown>>; total: number }) => unknown): Tamper => (req, answer) => {
  if (req.method !== 'GET' || req.path !== '/api/users' || answer.status !== 200) return undefined;
  const changed = change(JSON.parse(answer.body) as { users: Array<Record<string, unknown>>; total: number });
  return { status: 200, body: typeof changed === 'string' ? changed : JSON.stringify(changed) };
};

/** Answers that are not the list they claim to be (issue 13 point 4): each must fail the panel's read, never read as "no users". */
const MALFORMED: Array<[string, Tamper]> = [
  ['a string where the array should be', onUsers((b) => ({ ...b, users: 'alice,bob' }))],
  ['users: null', onUsers((b) => ({ ...b, users: null }))],
  ['an object where the array should be', onUsers((b) => ({ ...b, users: {} }))],
  ['the users field missing', onUsers((b) => ({ total: b.total }))],
  ['an error envelope with HTTP 200', onUsers(() => ({ detail: 'Could not validate credentials' }))],
  ['a page holding fewer users than its total says', onUsers((b) => ({ ...b, users: b.users.slice(0, 1) }))],
  ['a page holding more users than its total says', onUsers((b) => ({ ...b, total: 1 }))],
  ['a total that understates the list (the last user would never be read)', onUsers((b) => ({ ...b, total: b.total - 1 }))],
  ['total as a string', onUsers((b) => ({ ...b, total: String(b.total) }))],
  ['total missing', onUsers((b) => ({ users: b.users }))],
  ['a null item', onUsers((b) => ({ ...b, users: [null, ...b.users.slice(1)] }))],
  ['an item whose username is a number', onUsers((b) => ({ ...b, users: b.users.map((u, i) => (i === 0 ? { ...u, username: 7 } : u)) }))],
  ['the body cut short', onUsers((b) => JSON.stringify(b).slice(0, 300))],
  ['a whole array instead of the object', onUsers((b) => b.users)],
  ['an empty body', onUsers(() => '')],
];

describe('Marzban list answers that are not lists', () => {
  let world: MarzbanWorld;
  /** Requests that change the panel (a login is a POST that changes nothing). */
  const changes = () => world.emulator.counters.writes() - world.emulator.counters.get('POST', '/api/admin/token');
  let proxy: TamperingProxy;
  beforeAll(async () => {
    world = await marzbanWorld();
    // Pages of 2 users: the total and every page are checked against each other.
    const panel = marzbanPanel().replace('requestsPerSecond: 0 }', 'requestsPerSecond: 0, pageSize: 2 }');
    await world.write({ 'panel.yaml': panel, 'users.yaml': users });
    const applied = await world.apply();
    expect(applied.code, applied.stderr).toBe(0);
    proxy = await startTamperingProxy(world.emulator.url);
    world.env.MZ_URL = proxy.url;
  });
  afterAll(async () => {
    await proxy.close();
    await world.close();
  });

  it('reads the faithful answers as nothing to do (the pages agree with their totals)', async () => {
    proxy.tamper = undefined;
    const plan = await world.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });

  for (const [name, tamper] of MALFORMED) {
    it(`${name}: the panel's read fails, nothing is planned there, nothing is written`, async () => {
      proxy.tamper = tamper;
      const writes = changes();
      const tampered = proxy.tampered;
      const plan = await world.plan({ format: 'json' });
      expect(proxy.tampered).toBeGreaterThan(tampered);
      expect(plan.code, plan.stdout + plan.stderr).toBe(1);
      const panel = (JSON.parse(plan.stdout) as { panels: Array<{ error?: string; operations: unknown[] }> }).panels[0];
      expect(panel?.operations).toEqual([]);
      expect(panel?.error).toMatch(/\/api\/users/);
      const applied = await world.apply();
      expect(applied.code).toBe(1);
      expect(changes()).toBe(writes);
    });
  }
});
