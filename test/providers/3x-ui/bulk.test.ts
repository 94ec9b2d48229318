import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xuiGet, xuiWorld, type XuiWorld } from '../../helpers/xui-fixture.ts';

const fleet = (emails: Array<[string, string[]]>) => `apiVersion: xui.panelops.io/v1
kind: ClientList
spec:
  defaults: { totalGB: 50GiB }
  items:
${emails.map(([e, tags]) => `    - { name: ${e}, inbounds: [${tags.join(', ')}] }`).join('\n')}
`;

const writes = (world: XuiWorld) => world.emulator.counters.writes();

describe('3x-ui bulk writes', () => {
  let world: XuiWorld;
  beforeEach(async () => {
    world = await xuiWorld();
  });
  afterEach(() => world.close());

  it('creates 2,000 clients on 3 inbounds with at most N / batch + a small constant writes', async () => {
    const tags = ['vless-reality', 'vmess-ws', 'trojan-tls'];
    const clients = Array.from({ length: 2000 }, (_, i): [string, string[]] => [`c${i}@fleet.example`, tags]);
    await world.write({ 'clients.yaml': fleet(clients) }, '{ prune: true }');
    world.emulator.counters.reset();
    const applied = await world.apply();
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 2000 succeeded');
    // Default batch size 500: 4 bulkCreate calls; no login write for a token panel.
    expect(world.emulator.counters.get('POST', '/panel/api/clients/bulkCreate')).toBe(4);
    expect(writes(world)).toBeLessThanOrEqual(2000 / 500 + 2);
    const listed = await xuiGet<Array<{ inboundIds: number[] }>>(world.emulator.url, '/clients/list');
    expect(listed.obj).toHaveLength(2000);
    expect(listed.obj.every((c) => c.inboundIds.length === 3)).toBe(true);
    expect((await world.plan()).code).toBe(0);
  });

  it('maps skipped emails to failed objects, the rest succeed, and a rerun converges', async () => {
    const options = await xuiGet<Array<{ id: number; tag: string }>>(world.emulator.url, '/inbounds/options');
    const trojan = options.obj.find((o) => o.tag === 'trojan-tls')?.id ?? 0;
    const manifest = fleet([
      ['ok1@x.example', ['vless-reality']],
      ['ok2@x.example', ['vmess-ws']],
      ['bad1@x.example', ['trojan-tls']],
      ['half@x.example', ['vless-reality', 'trojan-tls']],
    ]);
    await world.write({ 'clients.yaml': manifest });
    world.emulator.failInboundIds([trojan]);
    const first = await world.apply();
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/failed: xui Client\/bad1@x\.example create: skipped by the panel: record not found/);
    expect(first.stdout).toMatch(/failed: xui Client\/half@x\.example create/);
    expect(first.stdout).toContain('Apply complete: 2 succeeded, 2 failed');

    world.emulator.failInboundIds([]);
    const second = await world.apply();
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(0);
    const half = await xuiGet<{ inboundIds: number[] }>(world.emulator.url, '/clients/get/half@x.example');
    expect(half.obj.inboundIds).toHaveLength(2);
  });

  it('attaches and detaches in bulk, grouped by inbound set', async () => {
    const emails = Array.from({ length: 30 }, (_, i) => `m${i}@x.example`);
    await world.write({ 'c.yaml': fleet(emails.map((e) => [e, ['vless-reality']])) });
    expect((await world.apply()).code).toBe(0);
    world.emulator.counters.reset();
    await world.write({ 'c.yaml': fleet(emails.map((e) => [e, ['vmess-ws']])) });
    const moved = await world.apply();
    expect(moved.code).toBe(0);
    expect(world.emulator.counters.get('POST', '/panel/api/clients/bulkAttach')).toBe(1);
    expect(world.emulator.counters.get('POST', '/panel/api/clients/bulkDetach')).toBe(1);
    expect(world.emulator.counters.get('POST', '/panel/api/clients/bulkCreate')).toBe(0);
    expect((await world.plan()).code).toBe(0);
  });
});
