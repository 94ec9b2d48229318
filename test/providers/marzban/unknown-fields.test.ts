import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FUTURE_FIELD } from '../../../controller/emulators/marzban/future-fields.ts';
import { marzbanApi, type MarzbanApi } from '../../helpers/marzban-api.ts';
import { marzbanWorld, type MarzbanWorld } from '../../helpers/marzban-fixture.ts';

const doc = (kind: string, name: string, spec: string) => `apiVersion: marzban.panelops.io/v1
kind: ${kind}
metadata: { name: "${name}" }
spec: ${spec}
---
`;

const fleet = (edited: boolean) =>
  [
    doc('Admin', 'reseller', `{ password: { env: RESELLER_PASS }, telegramId: ${edited ? 43 : 42} }`),
    doc('UserTemplate', 'basic', `{ dataLimit: ${edited ? '20GiB' : '10GiB'}, expireDuration: 30d }`),
    doc('Node', 'de-1', `{ address: 203.0.113.5, usageCoefficient: ${edited ? 2 : 1.5} }`),
    doc('Hosts', 'VLESS TCP REALITY', `{ hosts: [{ remark: "DE {USERNAME}", address: de.example.net${edited ? ', sni: www.example.com' : ''} }, { remark: "NL", address: nl.example.net }] }`),
    doc('User', 'alice', `{ proxies: { vless: { flow: ${edited ? 'xtls-rprx-vision' : '""'} }, trojan: {} }, note: ${edited ? 'edited' : 'first'} }`),
  ].join('');

type Tagged = Record<string, unknown>;

/** Every unknown field the panel shows, by where it sits: what a newer release keeps there. */
async function unknownFields(api: MarzbanApi): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const admin = (await api.get<Tagged[]>('/api/admins')).find((a) => a.username === 'reseller');
  out.admin = admin?.[FUTURE_FIELD];
  out.template = (await api.get<Tagged[]>('/api/user_template')).find((t) => t.name === 'basic')?.[FUTURE_FIELD];
  out.node = (await api.get<Tagged[]>('/api/nodes')).find((n) => n.name === 'de-1')?.[FUTURE_FIELD];
  const hosts = (await api.get<Record<string, Tagged[]>>('/api/hosts'))['VLESS TCP REALITY'] ?? [];
  hosts.forEach((h, i) => (out[`host ${i}`] = h[FUTURE_FIELD]));
  const alice = await api.get<Tagged & { proxies: Record<string, Tagged> }>('/api/user/alice');
  out.user = alice[FUTURE_FIELD];
  for (const [protocol, settings] of Object.entries(alice.proxies)) out[`proxies.${protocol}`] = settings[FUTURE_FIELD];
  return out;
}

/**
 * A newer Marzban with fields panelops does not know (the emulator's `futureFields`): a host
 * list and a listed protocol's settings are replaced whole, so an update that leaves such a
 * field out resets it. Every update carries back what it read.
 */
describe('Marzban updates carry back fields panelops does not know', () => {
  let world: MarzbanWorld;
  beforeEach(async () => {
    world = await marzbanWorld({ futureFields: true });
    world.env.RESELLER_PASS = 'reseller-pass-1';
  });
  afterEach(() => world.close());

  it('the emulator resets such a field when a whole-object write leaves it out', async () => {
    const api = await marzbanApi(world.emulator.url);
    const tag = 'VLESS TCP REALITY';
    expect((await api.get<Record<string, Tagged[]>>('/api/hosts'))[tag]?.[0]?.[FUTURE_FIELD]).toMatch(/^host-/);
    await api.send('PUT', '/api/hosts', { [tag]: [{ remark: 'x', address: 'y' }] });
    expect((await api.get<Record<string, Tagged[]>>('/api/hosts'))[tag]?.[0]?.[FUTURE_FIELD]).toBeNull();
  });

  it('after an update of every kind, each unknown field is as it was', async () => {
    await world.write({ 'fleet.yaml': fleet(false) });
    const created = await world.apply();
    expect(created.code, created.stdout + created.stderr).toBe(0);
    const api = await marzbanApi(world.emulator.url);
    // Hosts existed before panelops: give them values of their own, as the newer panel's UI would.
    const tag = 'VLESS TCP REALITY';
    const live = (await api.get<Record<string, Tagged[]>>('/api/hosts'))[tag] ?? [];
    await api.send('PUT', '/api/hosts', { [tag]: live.map((h, i) => ({ ...h, [FUTURE_FIELD]: `set-by-hand-${i}` })) });
    const before = await unknownFields(api);
    expect(Object.keys(before).sort()).toEqual(['admin', 'host 0', 'host 1', 'node', 'proxies.trojan', 'proxies.vless', 'template', 'user']);
    for (const [where, value] of Object.entries(before)) expect(value, where).toEqual(expect.any(String));

    await world.write({ 'fleet.yaml': fleet(true) });
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(2);
    expect(plan.stdout).toMatch(/5 to update|Plan: 0 to create, 5 to update/);
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(await unknownFields(api)).toEqual(before);
    const again = await world.plan();
    expect(again.code, again.stdout).toBe(0);
  });
});
