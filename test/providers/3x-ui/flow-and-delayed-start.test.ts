import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xuiGet, xuiPost, xuiWorld, type XuiWorld } from '../../helpers/xui-fixture.ts';

type Detail = { client: { flow: string; expiryTime: number; uuid: string; updatedAt: number } };

const client = (name: string, spec: string) => `apiVersion: xui.panelops.io/v1
kind: Client
metadata: { name: ${name} }
spec: ${spec}
`;

describe('3x-ui flow and delayed starts (issue 17 points 1 and 2)', () => {
  let world: XuiWorld;
  beforeEach(async () => {
    world = await xuiWorld();
  });
  afterEach(() => world.close());

  it('a VLESS flow on a REALITY and a trojan inbound converges, though the list shows the column as ""', async () => {
    await world.write({
      'c.yaml': client('rosa@x.example', '{ inbounds: [vless-reality, trojan-tls], flow: xtls-rprx-vision, totalGB: 500GiB }'),
    });
    expect((await world.apply()).code).toBe(0);
    // Any write that syncs every inbound leaves the trojan inbound's stripped flow in the column.
    await xuiPost(world.emulator.url, '/clients/bulkEnable', { emails: ['rosa@x.example'] });
    const listed = await xuiGet<Array<{ email: string; flow: string }>>(world.emulator.url, '/clients/list');
    expect(listed.obj.find((c) => c.email === 'rosa@x.example')?.flow).toBe('');
    expect((await xuiGet<Detail>(world.emulator.url, '/clients/get/rosa@x.example')).obj.client.flow).toBe('xtls-rprx-vision');
    const again = await world.plan();
    expect(again.code, again.stdout).toBe(0);
    // A real change of flow is still planned.
    await world.write({ 'c.yaml': client('rosa@x.example', '{ inbounds: [vless-reality, trojan-tls], flow: "", totalGB: 500GiB }') });
    expect((await world.plan()).stdout).toContain('flow:');
  });

  it('a flow on inbounds that cannot carry one is a note, not a change fought on every run', async () => {
    await world.write({ 'c.yaml': client('tim@x.example', '{ inbounds: [trojan-tls], flow: xtls-rprx-vision }') });
    expect((await world.apply()).code).toBe(0);
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toContain('flow xtls-rprx-vision is not kept by any of its inbounds');
  });

  it('a delayed start that began is kept: no write sends the delay back and restarts the countdown', async () => {
    await world.write({ 'c.yaml': client('vera@x.example', '{ inbounds: [vless-reality], totalGB: 5GiB, expiry: { afterFirstUse: 7d } }') });
    expect((await world.apply()).code).toBe(0);
    world.emulator.setTraffic('vera@x.example', 0, 1000);
    const started = (await xuiGet<Detail>(world.emulator.url, '/clients/get/vera@x.example')).obj.client;
    expect(started.expiryTime).toBeGreaterThan(0);

    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toContain('delayed start began on first use: expires');
    world.emulator.counters.reset();
    expect((await world.apply()).code).toBe(0);
    expect(world.emulator.counters.writes()).toBe(0);
    expect((await xuiGet<Detail>(world.emulator.url, '/clients/get/vera@x.example')).obj.client.expiryTime).toBe(started.expiryTime);

    // Another field changes: the full-row update carries the deadline, not the delay.
    await world.write({ 'c.yaml': client('vera@x.example', '{ inbounds: [vless-reality], totalGB: 6GiB, expiry: { afterFirstUse: 7d } }') });
    expect((await world.apply()).code).toBe(0);
    expect((await xuiGet<Detail>(world.emulator.url, '/clients/get/vera@x.example')).obj.client.expiryTime).toBe(started.expiryTime);

    // A changed duration is the manifest's decision: it is sent.
    await world.write({ 'c.yaml': client('vera@x.example', '{ inbounds: [vless-reality], totalGB: 6GiB, expiry: { afterFirstUse: 14d } }') });
    expect((await world.plan()).stdout).toContain('expiry:');
  });
});
