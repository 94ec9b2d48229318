import { afterEach, describe, expect, it } from 'vitest';
import { validateCommand } from '../../controller/cli/validate-command.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { startFleetWorld, type FleetWorld } from '../helpers/fleet-world.ts';

const list = (items: string) => `apiVersion: panelops.io/v1
kind: SubscriberList
metadata: { name: mixed }
spec:
  defaults:
    credentials: { derive: { key: { env: FLEET_KEY } } }
    placements:
      - { panel: eu-1, inbounds: { vless: ["VLESS TCP REALITY"] } }
      - { panel: fi-2, inbounds: [vless-reality] }
  items:
${items}`;

describe('a subscriber field a panel type cannot hold', () => {
  let w: FleetWorld | undefined;
  afterEach(async () => w?.close());

  it('stops validate and plan with file, line, panel and field, and sends nothing', async () => {
    w = await startFleetWorld();
    await w.write({
      'subscribers.yaml': list(`    - { name: gina, dataLimit: 1GiB }
    - { name: hugo, dataLimitReset: month }
    - { name: ab, dataLimit: 1GiB }
`),
    });
    const before = w.marzban.counters.total() + w.xui.counters.total();
    const c = captureRuntime(w.env);
    const code = await validateCommand(c.rt, w.manifests, {}).catch(() => 1);
    expect(code).toBe(1);
    const plan = await w.plan();
    expect(plan.code).toBe(1);
    for (const out of [c.stderr(), plan.stderr]) {
      expect(out).toMatch(/subscribers\.yaml:12:\d+: \/spec\/items\/1\/dataLimitReset: panel fi-2 \(3x-ui\): dataLimitReset: 3x-ui cannot reset traffic every month/);
      expect(out).toMatch(/subscribers\.yaml:13:\d+: \/spec\/items\/2\/name: panel eu-1 \(marzban\): metadata\.name: Marzban refuses the username "ab"/);
    }
    expect(w.marzban.counters.total() + w.xui.counters.total()).toBe(before);
  });

  it('refuses a delayed start for a disabled subscriber on Marzban, and a subscriber on several panels without credentials', async () => {
    w = await startFleetWorld();
    await w.write({
      'subscribers.yaml': `${list(`    - { name: ivan, status: disabled, expire: { afterFirstUse: 7d } }
`)}---
apiVersion: panelops.io/v1
kind: Subscriber
metadata: { name: jana }
spec:
  placements:
    - { panel: eu-1, inbounds: { vless: ["VLESS TCP REALITY"] } }
    - { panel: fi-2, inbounds: [vless-reality] }
`,
    });
    const plan = await w.plan();
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/subscribers\.yaml:11:\d+: \/spec\/items\/0\/status: panel eu-1 \(marzban\): status: Marzban cannot hold a disabled subscriber with a delayed start/);
    expect(plan.stderr).toMatch(/subscribers\.yaml:\d+:\d+: \/spec: Subscriber "jana" is placed on 2 panels \(eu-1, fi-2\) but has no credentials/);
  });

  it('stops the plan at the placement when the live panel has no such inbound, before any write', async () => {
    w = await startFleetWorld();
    await w.write({
      'lars.yaml': `apiVersion: panelops.io/v1
kind: Subscriber
metadata: { name: lars }
spec:
  credentials: { derive: { key: { env: FLEET_KEY } } }
  placements:
    - { panel: eu-1, inbounds: { vless: ["VLESS TCP REALITY"] } }
    - { panel: fi-2, inbounds: [no-such-inbound] }
`,
    });
    const plan = await w.plan();
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/lars\.yaml:8:\d+: \/spec\/placements\/1: inbound tag "no-such-inbound" does not exist on the panel/);
    const writes = Object.entries({ ...w.marzban.counters.snapshot(), ...w.xui.counters.snapshot() }).filter(([route]) => !route.startsWith('GET') && !route.includes('token'));
    expect(writes).toEqual([]);
  });
});
