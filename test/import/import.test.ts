import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCommand } from '../../controller/cli/import-command.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { openPanelFixture, usersApiFixture } from '../helpers/hosting-fixtures.ts';
import { marzbanFixture } from '../helpers/marzban-fixture.ts';
import { startWorld, type PanelFixture, type World } from '../helpers/world.ts';
import { xuiFixture } from '../helpers/xui-fixture.ts';

type Emu = { url: string; close(): Promise<void> };

/** Seeds, imports, and checks that the imported manifests plan no change; returns the world for more checks. */
async function importAndPlan<E extends Emu>(fixture: PanelFixture<E>, panel: string, seed: (e: E) => Promise<void> | void, names: string[] = []): Promise<World<E>> {
  const world = await startWorld(fixture);
  await seed(world.emulator);
  await world.write({});
  const c = captureRuntime(world.env);
  const code = await importCommand(c.rt, { dir: world.manifests, stateDir: world.stateDir, panel, kind: [], selector: [], names, adopt: true });
  expect(code, c.stderr()).toBe(0);
  const plan = await world.plan();
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  expect(plan.stdout).toContain('no changes');
  return world;
}

/** Removes the last item of the first imported list file; returns its key. */
async function dropOneImported(world: World<Emu>, kindFile: string): Promise<string> {
  const file = (await readdir(world.manifests)).find((f) => f.endsWith(kindFile));
  if (!file) throw new Error(`no imported ${kindFile}`);
  const text = await readFile(join(world.manifests, file), 'utf8');
  const items = text.split(/\n(?= {4}- name: )/);
  const last = items.pop() ?? '';
  await writeFile(join(world.manifests, file), `${items.join('\n')}\n`);
  return /name: "?([^"\n]+)"?/.exec(last)?.[1] ?? '';
}

describe('import: live panels to manifests that plan no change', () => {
  it('marzban: every status, owners, limits, unicode notes; no credential or traffic changes; one removal, one delete', async () => {
    const world = await importAndPlan(marzbanFixture(), 'mz', async (e) => {
      const res = await fetch(`${e.url}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'sandbox-admin-pass' }) });
      const { access_token: token } = (await res.json()) as { access_token: string };
      await fetch(`${e.url}/api/admin`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reseller', password: 'x', is_sudo: false, telegram_id: 5 }) });
      e.seedUsers(20, { prefix: 'cust', admin: 'reseller' });
      e.seedUsers(14, { prefix: 'own' });
      const u = e.state.findUser('cust3');
      if (u) u.note = 'Grüße 🚀 清水 — "quoted"';
    });
    const before = JSON.stringify([...world.emulator.state.users.values()].map((u) => [u.proxies, u.used_traffic, u.status]));
    expect((await world.apply()).code).toBe(0);
    expect(JSON.stringify([...world.emulator.state.users.values()].map((u) => [u.proxies, u.used_traffic, u.status]))).toBe(before);
    const removed = await dropOneImported(world, 'users.yaml');
    const plan = await world.plan();
    expect(plan.stdout.match(/^\s+- /gm)).toHaveLength(1);
    expect(plan.stdout).toContain(`- ${removed}`);
    await world.close();
  });

  it('3x-ui: groups, depleted and delayed-start clients, unicode emails', async () => {
    const world = await importAndPlan(xuiFixture(), 'xui', async (e) => {
      e.seedClients(25, { prefix: 'seed', inboundTags: ['vless-reality', 'trojan-tls'] });
      e.seedClients(5, { prefix: 'ws', inboundTags: ['vmess-ws'] });
      await fetch(`${e.url}/panel/api/clients/add`, {
        method: 'POST',
        headers: { authorization: 'Bearer sandbox-xui-token-0123456789abcdef0123456789abcdef', 'content-type': 'application/json' },
        body: JSON.stringify({ client: { email: 'jürgen@例え.jp', comment: 'Grüße 🚀', expiryTime: -7 * 86_400_000, group: 'family' }, inboundIds: [2] }),
      });
      e.setTraffic('seed2@example.com', 0, 100 * 2 ** 30);
      e.tick();
    });
    const creds = JSON.stringify([...world.emulator.state.clientsById.values()].map((c) => [c.uuid, c.password, c.subId, world.emulator.state.usedBytes(c.email)]));
    expect((await world.apply()).code).toBe(0);
    expect(JSON.stringify([...world.emulator.state.clientsById.values()].map((c) => [c.uuid, c.password, c.subId, world.emulator.state.usedBytes(c.email)]))).toBe(creds);
    await dropOneImported(world, 'clients.yaml');
    expect((await world.plan()).stdout.match(/^\s+- /gm)).toHaveLength(1);
    await world.close();
  });

  it('openpanel: suspended accounts, plans, domains, accounts found by name', async () => {
    const world = await importAndPlan(
      openPanelFixture(),
      'op',
      (e) => {
        e.seedAccounts(10, { prefix: 'shop' });
        e.state.addDomain('shop1', 'shop1.example', '/var/www/html/shop1.example');
        e.state.addDomain('shop2', 'grüße.example'.replace('ü', 'ue'), '/var/www/html/gruesse');
      },
      ['shop3', 'shop10'],
    );
    const accounts = await readFile(join(world.manifests, 'op-accounts.yaml'), 'utf8');
    expect(accounts).toContain('secrets are never imported; to manage them add: password: { env: OP_ACCOUNT_SHOP1_PASSWORD }');
    expect(accounts).toMatch(/name: shop10\n\s+email: shop10@example.com\n\s+plan: basic\n\s+suspended: true/);
    await world.close();
  });

  it('users-api: roles, blocked users with reasons', async () => {
    const world = await importAndPlan(usersApiFixture(), 'ua', (e) => {
      e.seedUsers(30, { prefix: 'fan' });
    });
    const users = await readFile(join(world.manifests, 'ua-users.yaml'), 'utf8');
    expect(users).toContain('reason: "Seeded: spam reports"');
    await dropOneImported(world, 'users.yaml');
    expect((await world.plan()).stdout.match(/^\s+- /gm)).toHaveLength(1);
    await world.close();
  });
});
