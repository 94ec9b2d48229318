import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xuiWorld, type XuiWorld } from '../helpers/xui-fixture.ts';
import { startTamperingProxy, type Tamper, type TamperingProxy } from '../helpers/tampering-proxy.ts';

const clients = ['a1@x', 'b2@x', 'c3@x']
  .map((email) => `apiVersion: xui.panelops.io/v1\nkind: Client\nmetadata: { name: "${email}" }\nspec: { inbounds: [vmess-ws], totalGB: 5GiB }\n`)
  .join('---\n');

/** Rewrites the envelope of GET clients/list answers, leaving every other answer alone. */
const onClients = (change: (body: { success: boolean; msg: string; obj: Array<Record<string, unknown>> }) => unknown): Tamper => (req, answer) => {
  if (req.method !== 'GET' || req.path !== '/panel/api/clients/list') return undefined;
  const changed = change(JSON.parse(answer.body) as { success: boolean; msg: string; obj: Array<Record<string, unknown>> });
  return { status: 200, body: typeof changed === 'string' ? changed : JSON.stringify(changed) };
};

/** 3x-ui's `obj: null` is its documented empty list (3x-ui.md §3); every other non-list is a failed read. */
const MALFORMED: Array<[string, Tamper]> = [
  ['obj as a string', onClients((b) => ({ ...b, obj: 'none' }))],
  ['obj as an object', onClients((b) => ({ ...b, obj: { clients: b.obj } }))],
  ['obj missing', onClients((b) => ({ success: b.success, msg: b.msg }))],
  ['an error envelope with HTTP 200', onClients(() => ({ success: false, msg: 'database is locked', obj: null }))],
  ['a row without its email', onClients((b) => ({ ...b, obj: b.obj.map((c, i) => (i === 0 ? { ...c, email: null } : c)) }))],
  ['a number where a row should be', onClients((b) => ({ ...b, obj: [1, ...b.obj] }))],
  ['obj given twice, the second empty', onClients((b) => `${JSON.stringify(b).slice(0, -1)},"obj":[]}`)],
  ['the body cut short', onClients((b) => JSON.stringify(b).slice(0, 200))],
];

describe('3x-ui list answers that are not lists', () => {
  let world: XuiWorld;
  let proxy: TamperingProxy;
  const changes = () => world.emulator.counters.writes();
  beforeAll(async () => {
    world = await xuiWorld();
    await world.write({ 'clients.yaml': clients });
    const applied = await world.apply();
    expect(applied.code, applied.stderr).toBe(0);
    proxy = await startTamperingProxy(world.emulator.url);
    world.env.XUI_URL = proxy.url;
  });
  afterAll(async () => {
    await proxy.close();
    await world.close();
  });

  it('reads the faithful answer as nothing to do', async () => {
    proxy.tamper = undefined;
    const plan = await world.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });

  for (const [name, tamper] of MALFORMED) {
    it(`${name}: the panel's read fails, nothing is planned there, nothing is written`, async () => {
      proxy.tamper = tamper;
      const writes = changes();
      const plan = await world.plan({ format: 'json' });
      expect(plan.code, plan.stdout + plan.stderr).toBe(1);
      const panel = (JSON.parse(plan.stdout) as { panels: Array<{ error?: string; operations: unknown[] }> }).panels[0];
      expect(panel?.operations).toEqual([]);
      expect(panel?.error).toMatch(/clients\/list/);
      expect((await world.apply()).code).toBe(1);
      expect(changes()).toBe(writes);
    });
  }
});
