import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPanelWorld, type OpenPanelWorld } from '../helpers/hosting-fixtures.ts';
import { startTamperingProxy, type Tamper, type TamperingProxy } from '../helpers/tampering-proxy.ts';

const accounts = `apiVersion: openpanel.panelops.io/v1
kind: AccountList
spec:
  defaults: { plan: basic, password: { env: ACCOUNT_PASS } }
  items:
    - { name: shopone, email: one@x.example }
    - { name: shoptwo, email: two@x.example }
`;

/** Rewrites the 200 answers of one GET route (a path prefix). */
const on = (prefix: string, body: (real: Record<string, unknown>) => unknown): Tamper => (req, answer) =>
  req.method === 'GET' && req.path.startsWith(prefix) && answer.status === 200 ? { status: 200, body: JSON.stringify(body(JSON.parse(answer.body) as Record<string, unknown>)) } : undefined;

/** OpenPanel reads each account with its own request (openpanel.md §3.1): a 200 without the account is no "does not exist". */
const MALFORMED: Array<[string, Tamper, RegExp]> = [
  ['an account read answering user: null', on('/api/users/', (b) => ({ ...b, user: null })), /\/api\/users\/\{username\}/],
  ['an account read without its user field', on('/api/users/', () => ({ message: 'ok' })), /\/api\/users\/\{username\}/],
  ['plans: null', on('/api/plans', (b) => ({ ...b, plans: null })), /\/api\/plans/],
  ['a plan row without its name', on('/api/plans', (b) => ({ ...b, plans: (b.plans as Array<Record<string, unknown>>).map((p) => ({ ...p, name: 1 })) })), /\/api\/plans/],
];

describe('OpenPanel answers that are not what they claim', () => {
  let world: OpenPanelWorld;
  let proxy: TamperingProxy;
  beforeAll(async () => {
    world = await openPanelWorld();
    await world.write({ 'accounts.yaml': accounts });
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    proxy = await startTamperingProxy(world.emulator.url);
    world.env.PANEL_URL = proxy.url;
  });
  afterAll(async () => {
    await proxy.close();
    await world.close();
  });

  for (const [name, tamper, route] of MALFORMED) {
    it(`${name}: the panel's read fails and nothing is planned or written`, async () => {
      proxy.tamper = tamper;
      const writes = world.emulator.counters.writes() - world.emulator.counters.get('POST', '/api/');
      const plan = await world.plan({ format: 'json' });
      expect(plan.code, plan.stdout + plan.stderr).toBe(1);
      const panel = (JSON.parse(plan.stdout) as { panels: Array<{ error?: string; operations: unknown[] }> }).panels[0];
      expect(panel?.operations).toEqual([]);
      expect(panel?.error).toMatch(route);
      expect((await world.apply()).code).toBe(1);
      expect(world.emulator.counters.writes() - world.emulator.counters.get('POST', '/api/')).toBe(writes);
    });
  }
});
