import { afterEach, describe, expect, it } from 'vitest';
import type { XuiVersion } from '../../../controller/emulators/3x-ui/index.ts';
import { xuiGet, xuiWorld, type XuiWorld } from '../../helpers/xui-fixture.ts';

type Listed = Array<{ email: string; enable: boolean; inboundIds: number[] | null }>;

const fleet = (paused: boolean, extraInbound = '') => `apiVersion: xui.panelops.io/v1
kind: ClientList
spec:
  items:
    - { name: on@x.example, inbounds: [vless-reality${extraInbound}] }
    - { name: paused@x.example, inbounds: [vless-reality], enable: ${!paused} }
`;

const group = `apiVersion: xui.panelops.io/v1
kind: Group
metadata: { name: family }
spec: {}
`;

/** Issue 17 point 5: bulk routes from v3.2, bulkEnable / bulkDisable from v3.5 (3x-ui.md §11). */
describe('3x-ui releases without some bulk routes', () => {
  let world: XuiWorld;
  afterEach(() => world.close());
  const listed = async () => Object.fromEntries((await xuiGet<Listed>(world.emulator.url, '/clients/list')).obj.map((c) => [c.email, c]));

  for (const version of ['3.1', '3.2', '3.5'] as XuiVersion[]) {
    it(`v${version}: a client meant to be disabled is created disabled, toggles, attaches, and plans converge`, async () => {
      world = await xuiWorld({ version });
      await world.write({ 'c.yaml': fleet(true) });
      const created = await world.apply();
      expect(created.code, created.stdout + created.stderr).toBe(0);
      expect((await listed())['paused@x.example']?.enable).toBe(false);
      expect((await world.plan()).code).toBe(0);

      await world.write({ 'c.yaml': fleet(false, ', vmess-ws') });
      const toggled = await world.apply();
      expect(toggled.code, toggled.stdout + toggled.stderr).toBe(0);
      const after = await listed();
      expect(after['paused@x.example']?.enable).toBe(true);
      expect(after['on@x.example']?.inboundIds).toHaveLength(2);
      expect((await world.plan()).code).toBe(0);
    });
  }

  it('v3.1: a Group manifest fails with the release it needs, not as an authentication problem', async () => {
    world = await xuiWorld({ version: '3.1' });
    await world.write({ 'g.yaml': group });
    const applied = await world.apply();
    expect(applied.code).toBe(1);
    const out = applied.stdout + applied.stderr;
    expect(out).toContain('groups need v3.2 or newer');
    expect(out).not.toContain('not authenticated');
  });
});
