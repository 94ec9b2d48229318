import { afterAll, describe, expect, it } from 'vitest';
import { realTargets, type LaneTarget } from '../lane/target.ts';
import { marzbanApi, type ApiUser } from '../helpers/marzban-api.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { importMarzban } from '../helpers/marzban-import.ts';
import { startTamperingProxy } from '../helpers/tampering-proxy.ts';
import { startWorld, type World } from '../helpers/world.ts';

/**
 * On running Marzban panels: a read answered with another user sends nothing (identity before
 * every write), and a password added to an imported admin is set once. Every object is named
 * with the run's prefix and removed at the end.
 */
const targets = realTargets('marzban', 'id');

describe.skipIf(targets.length === 0).each(targets)('Marzban $version at $url', (target: LaneTarget) => {
  const p = target.prefix;
  const worlds: World<{ url: string; close(): Promise<void> }>[] = [];
  const world = async (url: string) => {
    const w = await startWorld({
      start: async () => ({ url, close: async () => {} }),
      panelYaml: marzbanPanel,
      env: (e) => ({ MZ_URL: e.url, MZ_USER: target.auth.username ?? '', MZ_PASS: target.auth.password ?? '' }),
    });
    worlds.push(w);
    return w;
  };
  afterAll(async () => {
    const api = await marzbanApi(target.url, target.auth.username, target.auth.password);
    for (const path of [`/api/user/${p}_a`, `/api/user/${p}_b`, `/api/admin/${p}_adm`]) await api.send('DELETE', path).catch(() => undefined);
    await Promise.all(worlds.map((w) => w.close()));
  });

  it('GET /api/user/<a> answered with <b>: exit 1, no PUT, both keep their keys', async () => {
    const proxy = await startTamperingProxy(target.url);
    try {
      const w = await world(proxy.url);
      const users = (note: string) => `apiVersion: marzban.panelops.io/v1\nkind: UserList\nspec:\n  defaults: { proxies: { shadowsocks: {} } }\n  items: [{ name: ${p}_a, note: ${note} }, { name: ${p}_b }]\n`;
      await w.write({ 'u.yaml': users('first') });
      const created = await w.apply();
      expect(created.code, created.stdout + created.stderr).toBe(0);
      const api = await marzbanApi(target.url, target.auth.username, target.auth.password);
      const [a, b] = [await api.get<ApiUser>(`/api/user/${p}_a`), await api.get<ApiUser>(`/api/user/${p}_b`)];
      proxy.tamper = (req) => (req.method === 'GET' && req.path === `/api/user/${p}_a` ? { status: 200, body: JSON.stringify(b) } : undefined);
      await w.write({ 'u.yaml': users('second') });
      const applied = await w.apply();
      expect(applied.code).toBe(1);
      expect(applied.stdout + applied.stderr).toContain(`the read before the write answered for another object (key "${p}_b" instead of "${p}_a")`);
      expect(proxy.received.filter((r) => r.method === 'PUT')).toHaveLength(0);
      expect((await api.get<ApiUser>(`/api/user/${p}_a`)).proxies).toEqual(a.proxies);
      expect((await api.get<ApiUser>(`/api/user/${p}_b`)).proxies).toEqual(b.proxies);
    } finally {
      await proxy.close();
    }
  });

  it('a password added to an imported admin is planned as "(secret set)", sent once, and logs in', async () => {
    const api = await marzbanApi(target.url, target.auth.username, target.auth.password);
    await api.send('POST', '/api/admin', { username: `${p}_adm`, password: `Old-${p}-1`, is_sudo: false });
    const w = await world(target.url);
    await w.write({});
    // Only this run's admin: the import is narrowed to it.
    w.env.NEW_PASS = `New-${p}-2`;
    const imported = await importMarzban(w, [`Admin/${p}_adm`]);
    expect(imported.code, imported.stderr).toBe(0);
    await w.write({ 'a.yaml': `apiVersion: marzban.panelops.io/v1\nkind: Admin\nmetadata: { name: ${p}_adm }\nspec: { sudo: false, password: { env: NEW_PASS } }\n` });
    const plan = await w.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toContain('password: (secret set)');
    expect((await w.apply()).code).toBe(0);
    await expect(marzbanApi(target.url, `${p}_adm`, `New-${p}-2`)).resolves.toBeDefined();
    expect((await w.plan()).code).toBe(0);
  });
});
