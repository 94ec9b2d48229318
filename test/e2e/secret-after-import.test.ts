import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { marzbanApi } from '../helpers/marzban-api.ts';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';
import { importMarzban } from '../helpers/marzban-import.ts';
import { startTamperingProxy } from '../helpers/tampering-proxy.ts';

const OLD = 'reseller-old-pass-1';
const NEW = 'reseller-new-pass-2';

const admin = (spec: string) => `apiVersion: marzban.panelops.io/v1
kind: Admin
metadata: { name: reseller }
spec: { sudo: false${spec} }
`;

const loginStatus = async (url: string, password: string, username = 'reseller') =>
  (await fetch(`${url}/api/admin/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password }) })).status;

/**
 * A Marzban admin's password is write-only (marzban.md §16.10): after import panelops has never
 * sent one, so a password added to the manifest is planned once, and its hash is recorded only
 * after a request that carried it was accepted.
 */
describe('a secret added to an imported object', () => {
  let world: MarzbanWorld;
  beforeEach(async () => {
    world = await marzbanWorld();
    const api = await marzbanApi(world.emulator.url);
    await api.send('POST', '/api/admin', { username: 'reseller', password: OLD, is_sudo: false });
    world.env.RESELLER_PASS = NEW;
    await world.write({});
    const imported = await importMarzban(world);
    expect(imported.code, imported.stderr).toBe(0);
    expect((await world.plan()).code).toBe(0);
  });
  afterEach(() => world.close());

  it('is planned as "(secret set)", sent once, then recorded', async () => {
    await world.write({ 'admin.yaml': admin(', password: { env: RESELLER_PASS }') });
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(2);
    expect(plan.stdout).toContain('~ reseller');
    expect(plan.stdout).toContain('password: (secret set)');
    expect(plan.stdout).not.toContain(NEW);
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(await loginStatus(world.emulator.url, NEW)).toBe(200);
    expect(await loginStatus(world.emulator.url, OLD)).toBe(401);
    expect((await world.plan()).code).toBe(0);
  });

  it('is sent with another change of that admin, not recorded as applied without being sent', async () => {
    await world.write({ 'admin.yaml': admin(', telegramId: 42, password: { env: RESELLER_PASS }') });
    const plan = await world.plan();
    expect(plan.stdout).toContain('telegramId: null → 42');
    expect(plan.stdout).toContain('password: (secret set)');
    expect((await world.apply()).code).toBe(0);
    expect(await loginStatus(world.emulator.url, NEW)).toBe(200);
    expect(await readFile(join(world.stateDir, 'mz.json'), 'utf8')).not.toContain(NEW);
    expect((await world.plan()).code).toBe(0);
  });

  it('a refused write records nothing: the password stays planned', async () => {
    const proxy = await startTamperingProxy(world.emulator.url);
    world.env.MZ_URL = proxy.url;
    try {
      await world.write({ 'admin.yaml': admin(', password: { env: RESELLER_PASS }') });
      proxy.tamper = (req) => (req.method === 'PUT' && req.path === '/api/admin/reseller' ? { status: 400, body: '{"detail":"refused"}' } : undefined);
      const applied = await world.apply();
      expect(proxy.tampered).toBe(1);
      expect(applied.code).toBe(1);
      proxy.tamper = undefined;
      const plan = await world.plan();
      expect(plan.code).toBe(2);
      expect(plan.stdout).toContain('password: (secret set)');
    } finally {
      await proxy.close();
    }
  });

  it("another sudo admin's password is noted, never planned: the panel refuses to edit it", async () => {
    const api = await marzbanApi(world.emulator.url);
    await api.send('POST', '/api/admin', { username: 'boss', password: 'boss-old-pass-1', is_sudo: true });
    world.env.BOSS_PASS = 'boss-new-pass-2';
    await world.write({ 'boss.yaml': 'apiVersion: marzban.panelops.io/v1\nkind: Admin\nmetadata: { name: boss }\nspec: { sudo: true, password: { env: BOSS_PASS } }\n' }, '{ prune: true, adopt: true }');
    const plan = await world.plan();
    expect(plan.stdout).toContain('password not sent: Marzban refuses API edits of another sudo admin');
    expect(plan.stdout).not.toContain('(secret set)');
    expect((await world.apply()).code).toBe(0);
    expect(await loginStatus(world.emulator.url, 'boss-old-pass-1', 'boss')).toBe(200);
  });
});
