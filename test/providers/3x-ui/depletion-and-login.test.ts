import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorld } from '../../helpers/world.ts';
import { xuiFixture, xuiGet, xuiWorld, type XuiWorld } from '../../helpers/xui-fixture.ts';

const GiB = 2 ** 30;
const client = (quota: string, extra = '') => `apiVersion: xui.panelops.io/v1
kind: Client
metadata: { name: heavy@x.example }
spec: { inbounds: [vless-reality], totalGB: ${quota}, enable: true${extra} }
`;

describe('3x-ui depletion and login', () => {
  let world: XuiWorld;
  beforeEach(async () => {
    world = await xuiWorld();
  });
  afterEach(() => world.close());

  it('reports a client the panel disabled for depletion, and re-enables it only with more quota', async () => {
    await world.write({ 'c.yaml': client('1GiB') });
    expect((await world.apply()).code).toBe(0);
    world.emulator.setTraffic('heavy@x.example', 0, 2 * GiB);
    expect(world.emulator.tick().disabled).toEqual(['heavy@x.example']);

    const plan = await world.plan();
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('disabled by the panel: quota used up or expired');

    await world.write({ 'c.yaml': client('5GiB') });
    const raised = await world.plan();
    expect(raised.stdout).toContain('totalGB: 1GiB → 5GiB');
    expect(raised.stdout).toContain('enable: false → true');
    expect((await world.apply()).code).toBe(0);
    const live = await xuiGet<{ client: { enable: boolean; totalGB: number } }>(world.emulator.url, '/clients/get/heavy@x.example');
    expect(live.obj.client).toMatchObject({ enable: true, totalGB: 5 * GiB });
    expect(world.emulator.tick().disabled).toEqual([]);
    expect((await world.plan()).code).toBe(0);
  });

  it('logs in with a cookie and CSRF token when no API token is given', async () => {
    const fixture = xuiFixture();
    const cookieWorld = await startWorld({
      ...fixture,
      panelYaml: (policy) => fixture.panelYaml(policy).replace('auth: { token: { env: XUI_TOKEN } }', 'auth: { username: admin, password: { env: XUI_PASS } }'),
      env: (e) => ({ ...fixture.env(e), XUI_PASS: 'sandbox-xui-pass' }),
    });
    try {
      await cookieWorld.write({ 'c.yaml': client('1GiB') });
      const applied = await cookieWorld.apply();
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect(cookieWorld.emulator.counters.get('POST', '/login')).toBe(1);
      expect((await cookieWorld.plan()).code).toBe(0);
    } finally {
      await cookieWorld.close();
    }
  });
});
