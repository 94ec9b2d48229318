import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFleetWorld, type FleetWorld } from '../helpers/fleet-world.ts';
import type { ApiUser } from '../helpers/marzban-api.ts';
import { xuiGet } from '../helpers/xui-fixture.ts';

type Listed = { email: string; uuid: string; password: string; enable: boolean; totalGB: number; expiryTime: number; comment: string };

const SUBSCRIBERS = `apiVersion: panelops.io/v1
kind: SubscriberList
metadata: { name: team, labels: { plan: gold } }
spec:
  defaults:
    credentials: { from: eu-1 }
    placements:
      - { panel: eu-1, inbounds: { vless: ["VLESS TCP REALITY"], trojan: ["Trojan Websocket TLS"] } }
  items:
    - { name: alice, dataLimit: 50GiB, expire: 2027-01-31T00:00:00Z, note: "sales team" }
    - { name: bob, status: disabled, dataLimit: 0, expire: never }
    - { name: carol, dataLimit: 10GiB }
---
apiVersion: panelops.io/v1
kind: Placement
metadata: { name: gold-on-fi-2 }
spec:
  selector: { matchLabels: { plan: gold } }
  panel: fi-2
  inbounds: [vless-reality, trojan-tls]
`;

describe('subscribers with credentials from a Marzban panel, placed on Marzban and 3x-ui', () => {
  let w: FleetWorld | undefined;
  afterEach(async () => w?.close());

  it('creates on the source first, copies its keys to 3x-ui in the same apply, and plans nothing after', async () => {
    w = await startFleetWorld();
    // carol existed on the Marzban panel before panelops, with the panel's own keys.
    const seeded = await w.mz.send<ApiUser>('POST', '/api/user', { username: 'carol', proxies: { vless: {}, trojan: {} }, inbounds: { vless: ['VLESS TCP REALITY'], trojan: ['Trojan Websocket TLS'] }, data_limit: 10 * 2 ** 30 });
    await w.write({ 'subscribers.yaml': SUBSCRIBERS }, { eu1: '{ prune: true, adopt: true }' });

    const plan = await w.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toContain('subscribers: 0 in sync, 3 pending, 0 refused');
    expect(plan.stdout).toContain('keys copied from panel eu-1 once it has created "alice"');
    expect(plan.stdout).toContain('used traffic starts at 0 here');

    const applied = await w.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);

    const clients = new Map((await xuiGet<Listed[]>(w.xui.url, '/clients/list')).obj.map((c) => [c.email, c]));
    const secrets: string[] = [];
    for (const name of ['alice', 'bob', 'carol']) {
      const user = await w.mz.get<ApiUser>(`/api/user/${name}`);
      const client = clients.get(name);
      expect(client, name).toBeDefined();
      expect(client?.uuid, name).toBe(user.proxies.vless?.id);
      expect(client?.password, name).toBe(user.proxies.trojan?.password);
      secrets.push(String(user.proxies.vless?.id), String(user.proxies.trojan?.password));
    }
    // carol kept the keys she had: the source is never re-keyed.
    expect((await w.mz.get<ApiUser>('/api/user/carol')).proxies).toMatchObject({ vless: { id: seeded.proxies.vless?.id }, trojan: { password: seeded.proxies.trojan?.password } });
    // Every mapped field, exactly, on both panels.
    const alice = await w.mz.get<ApiUser>('/api/user/alice');
    expect(alice).toMatchObject({ data_limit: 50 * 2 ** 30, expire: Date.parse('2027-01-31T00:00:00Z') / 1000, note: 'sales team', status: 'active' });
    expect(clients.get('alice')).toMatchObject({ totalGB: 50 * 2 ** 30, expiryTime: Date.parse('2027-01-31T00:00:00Z'), comment: 'sales team', enable: true });
    expect((await w.mz.get<ApiUser>('/api/user/bob')).status).toBe('disabled');
    expect(clients.get('bob')?.enable).toBe(false);

    const again = await w.plan();
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('subscribers: 3 in sync, 0 pending, 0 refused');

    // No key in any output, log or state file.
    const state = await w.stateText();
    for (const secret of secrets) for (const text of [plan.stdout, plan.stderr, applied.stdout, applied.stderr, applied.logs, again.stdout, state]) expect(text.includes(secret)).toBe(false);
  });

  it('applies a saved plan the same way: the source creates first, the JSON holds no key', async () => {
    w = await startFleetWorld();
    await w.write({ 'subscribers.yaml': SUBSCRIBERS });
    const out = join(w.stateDir, '..', 'plan.json');
    const plan = await w.plan({ out, format: 'json' });
    expect(plan.code, plan.stderr).toBe(2);
    const saved = JSON.parse(await readFile(out, 'utf8')) as { panels: Array<{ panel: string; subscribers?: unknown }> };
    expect(saved.panels.map((p) => [p.panel, p.subscribers])).toEqual([['eu-1', { inSync: 0, pending: 3, refused: 0 }], ['fi-2', { inSync: 0, pending: 3, refused: 0 }]]);
    const applied = await w.apply({ planFile: out });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const clients = new Map((await xuiGet<Listed[]>(w.xui.url, '/clients/list')).obj.map((c) => [c.email, c]));
    for (const name of ['alice', 'bob', 'carol']) {
      const user = await w.mz.get<ApiUser>(`/api/user/${name}`);
      expect(clients.get(name)?.uuid, name).toBe(user.proxies.vless?.id);
      expect(await readFile(out, 'utf8')).not.toContain(String(user.proxies.vless?.id));
    }
    expect((await w.plan()).code).toBe(0);
  });

  it('takes the keys from a 3x-ui source the same way, and moves the source without re-keying anyone', async () => {
    w = await startFleetWorld();
    const subscriber = (from: string, placements: string) => `apiVersion: panelops.io/v1
kind: Subscriber
metadata: { name: mona }
spec:
  credentials: { from: ${from} }
  placements:
${placements}`;
    const onBoth = '    - { panel: fi-2, inbounds: [vless-reality, trojan-tls] }\n    - { panel: eu-1, inbounds: { vless: ["VLESS TCP REALITY"], trojan: ["Trojan Websocket TLS"] } }\n';
    await w.write({ 'mona.yaml': subscriber('fi-2', onBoth) });
    const applied = await w.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const client = (await xuiGet<Listed[]>(w.xui.url, '/clients/list')).obj.find((c) => c.email === 'mona');
    const user = await w.mz.get<ApiUser>('/api/user/mona');
    expect(user.proxies.vless?.id).toBe(client?.uuid);
    expect(user.proxies.trojan?.password).toBe(client?.password);

    // The keys' source moves to eu-1 (same keys: nothing to do), then fi-2 is left: mona is pruned there, untouched on eu-1.
    await w.write({ 'mona.yaml': subscriber('eu-1', onBoth) });
    expect((await w.plan()).code).toBe(0);
    await w.write({ 'mona.yaml': subscriber('eu-1', onBoth.split('\n')[1] + '\n') });
    // Its last Client on fi-2: the empty-kind guard asks for the delete to be allowed.
    expect((await w.apply()).code).toBe(3);
    const pruned = await w.apply({ allowDeletes: 1 });
    expect(pruned.code, pruned.stdout + pruned.stderr).toBe(0);
    expect((await xuiGet<Listed[]>(w.xui.url, '/clients/list')).obj.find((c) => c.email === 'mona')).toBeUndefined();
    expect((await w.mz.get<ApiUser>('/api/user/mona')).proxies).toEqual(user.proxies);
    expect((await w.plan()).code).toBe(0);
  });
});
