import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EARLY_READS_FROM_BYTES } from '../../controller/manifest/load.ts';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';
import { xuiWorld } from '../helpers/xui-fixture.ts';

/** Items enough for a list file past EARLY_READS_FROM_BYTES (each written item is over 40 bytes). */
const EARLY_ITEMS = Math.ceil(EARLY_READS_FROM_BYTES / 40);

/** A UserList past the size from which the panels are read while the manifests are validated. */
const bigList = (bad?: number) =>
  JSON.stringify({
    apiVersion: 'marzban.panelops.io/v1',
    kind: 'UserList',
    spec: { items: Array.from({ length: EARLY_ITEMS }, (_, i) => ({ name: `early_${i}`, proxies: { vless: {} }, ...(i === bad ? { dataLimit: 'lots' } : {}) })) },
  });

/** Requests that are neither a login nor a GET: anything that could change the panel. */
const writesOf = (routes: Record<string, number>) => Object.entries(routes).filter(([route]) => !route.startsWith('GET ') && route !== 'POST /api/admin/token');

describe('a large manifest set: panels read while it is validated', () => {
  let world: MarzbanWorld;
  beforeEach(async () => {
    world = await marzbanWorld();
  });
  afterEach(() => world.close());

  it('an invalid item sends logins and reads only, and nothing that writes', async () => {
    await world.write({ 'users.json': bigList(4321) });
    world.emulator.counters.reset();
    const plan = await world.plan();
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/users\.json:\d+:\d+: \/spec\/items\/4321\/dataLimit: invalid value/);
    expect(plan.stderr).toContain('nothing was sent to any panel');
    const routes = world.emulator.counters.snapshot();
    // The reads did start early (so this is not vacuous), and were all that was sent.
    expect(routes['POST /api/admin/token']).toBe(1);
    expect(routes['GET /api/users']).toBeGreaterThan(0);
    expect(writesOf(routes)).toEqual([]);
  });

  it('a valid set is planned from the early reads, each list read once', async () => {
    await world.write({ 'users.json': bigList() });
    world.emulator.counters.reset();
    const plan = await world.plan({ format: 'json' });
    expect(plan.code).toBe(2);
    const creates = (JSON.parse(plan.stdout) as { panels: Array<{ operations: Array<{ action: string }> }> }).panels[0]?.operations.filter((o) => o.action === 'create');
    expect(creates).toHaveLength(EARLY_ITEMS);
    const routes = world.emulator.counters.snapshot();
    expect(routes['POST /api/admin/token']).toBe(1);
    expect(routes['GET /api/users']).toBe(1);
    expect(writesOf(routes)).toEqual([]);
  });

  it('a small invalid set sends no request at all', async () => {
    await world.write({ 'users.yaml': 'apiVersion: marzban.panelops.io/v1\nkind: User\nmetadata: { name: alice }\nspec: { proxies: { vless: {} }, dataLimit: lots }\n' });
    world.emulator.counters.reset();
    expect((await world.plan()).code).toBe(1);
    expect(world.emulator.counters.total()).toBe(0);
  });

  it('3x-ui: an invalid client in a large list sends reads only', async () => {
    const xui = await xuiWorld();
    try {
      const items = Array.from({ length: EARLY_ITEMS }, (_, i) => ({ name: `early${i}@x.example`, inbounds: i === 77 ? 'vmess-ws' : ['vmess-ws'] }));
      await xui.write({ 'clients.json': JSON.stringify({ apiVersion: 'xui.panelops.io/v1', kind: 'ClientList', spec: { items } }) });
      xui.emulator.counters.reset();
      const plan = await xui.plan();
      expect(plan.code).toBe(1);
      expect(plan.stderr).toMatch(/clients\.json:\d+:\d+: \/spec\/items\/77\/inbounds: /);
      const routes = xui.emulator.counters.snapshot();
      expect(Object.values(routes).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(writesOf(routes)).toEqual([]);
    } finally {
      await xui.close();
    }
  });
});
