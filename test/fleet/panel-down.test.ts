import { afterEach, describe, expect, it } from 'vitest';
import { startFleetWorld, type FleetWorld } from '../helpers/fleet-world.ts';
import type { ApiUser } from '../helpers/marzban-api.ts';
import { xuiGet } from '../helpers/xui-fixture.ts';

const team = (credentials: string) => `apiVersion: panelops.io/v1
kind: SubscriberList
metadata: { name: team, labels: { tier: basic } }
spec:
  defaults: { credentials: ${credentials}, dataLimit: 1GiB }
  items: [{ name: kim }, { name: lea }]
---
apiVersion: panelops.io/v1
kind: Placement
metadata: { name: basic-eu-1 }
spec: { selector: { matchLabels: { tier: basic } }, panel: eu-1, inbounds: { vless: ["VLESS TCP REALITY"] } }
---
apiVersion: panelops.io/v1
kind: Placement
metadata: { name: basic-fi-2 }
spec: { selector: { matchLabels: { tier: basic } }, panel: fi-2, inbounds: [vless-reality] }
`;

describe('a panel that is down fails only its own part of a fleet', () => {
  let w: FleetWorld | undefined;
  afterEach(async () => w?.close());

  it('3x-ui down: the Marzban panel is still planned and applied', async () => {
    w = await startFleetWorld();
    await w.write({ 'team.yaml': team('{ derive: { key: { env: FLEET_KEY } } }') });
    await w.xui.close();
    const applied = await w.apply();
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/Panel fi-2[^\n]*\n {2}subscribers: 0 in sync, 0 pending, 2 refused\n {2}✖ not observed/);
    expect((await w.mz.get<{ users: ApiUser[] }>('/api/users')).users.map((u) => u.username).sort()).toEqual(['kim', 'lea']);
  });

  it('the credentials source down: nothing is created elsewhere with keys of its own', async () => {
    w = await startFleetWorld();
    await w.write({ 'team.yaml': team('{ from: eu-1 }') });
    await w.marzban.close();
    const plan = await w.plan();
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('subscribers: 0 in sync, 0 pending, 2 refused');
    expect(plan.stdout).toContain('Client/kim: not created: its keys come from panel eu-1, which could not be read');
    const applied = await w.apply();
    expect(applied.code).toBe(1);
    expect((await xuiGet<Array<{ email: string }>>(w.xui.url, '/clients/list')).obj.filter((c) => ['kim', 'lea'].includes(c.email))).toEqual([]);
  });
});
