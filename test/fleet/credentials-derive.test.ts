import { afterEach, describe, expect, it } from 'vitest';
import { deriveCredentials } from '../../controller/fleet/credentials.ts';
import { startFleetWorld, type FleetWorld } from '../helpers/fleet-world.ts';
import type { ApiUser } from '../helpers/marzban-api.ts';
import { xuiGet } from '../helpers/xui-fixture.ts';

type Listed = { email: string; uuid: string; password: string };

const subscriber = (name: string, extra = '') => `apiVersion: panelops.io/v1
kind: Subscriber
metadata: { name: ${name} }
spec:
  dataLimit: 20GiB
  expire: { afterFirstUse: 30d }
  credentials: { derive: { key: { env: FLEET_KEY } } }
  placements:
    - { panel: eu-1, inbounds: { vless: ["VLESS TCP REALITY"], trojan: ["Trojan Websocket TLS"] }, flow: xtls-rprx-vision }
    - { panel: fi-2, inbounds: [vless-reality, trojan-tls], flow: xtls-rprx-vision }
${extra}`;

describe('subscribers with derived credentials (an HMAC of the fleet key and the name)', () => {
  let w: FleetWorld | undefined;
  afterEach(async () => w?.close());

  it('gives both panels the same derived keys, stores none of them, and plans nothing after', async () => {
    w = await startFleetWorld();
    await w.write({ 'dora.yaml': subscriber('dora'), 'erik.yaml': subscriber('erik') });
    const plan = await w.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toContain('proxies.vless.id: (secret set)');
    const applied = await w.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);

    const clients = new Map((await xuiGet<Listed[]>(w.xui.url, '/clients/list')).obj.map((c) => [c.email, c]));
    const keys: string[] = [];
    for (const name of ['dora', 'erik']) {
      const want = deriveCredentials(w.env.FLEET_KEY ?? '', name);
      const user = await w.mz.get<ApiUser>(`/api/user/${name}`);
      expect(user.proxies.vless?.id, name).toBe(want.vless);
      expect(user.proxies.trojan?.password, name).toBe(want.trojan);
      expect(user.status, name).toBe('on_hold');
      expect(user.on_hold_expire_duration, name).toBe(30 * 86400);
      expect(clients.get(name)?.uuid, name).toBe(want.vless);
      expect(clients.get(name)?.password, name).toBe(want.trojan);
      keys.push(String(want.vless), String(want.trojan));
    }
    const again = await w.plan();
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const state = await w.stateText();
    for (const key of keys) for (const text of [plan.stdout, applied.stdout, applied.logs, again.stdout, state]) expect(text.includes(key)).toBe(false);
  });

  it('derives the same keys on every run and different keys for every name and fleet key', () => {
    const a = deriveCredentials('k1', 'alice');
    expect(deriveCredentials('k1', 'alice')).toEqual(a);
    expect(deriveCredentials('k1', 'bob').vless).not.toBe(a.vless);
    expect(deriveCredentials('k2', 'alice').trojan).not.toBe(a.trojan);
    expect(a.vless).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.trojan).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
