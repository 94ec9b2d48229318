import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';
import { startTamperingProxy, type TamperingProxy } from '../helpers/tampering-proxy.ts';

const users = (items: Array<[string, string]>) => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { proxies: { vmess: {} } }
  items:
${items.map(([n, limit]) => `    - { name: ${n}, dataLimit: ${limit} }`).join('\n')}
`;
const notLogin = (path: string) => path !== '/api/admin/token';

describe('a write is what the panel did, not what it answered', () => {
  let world: MarzbanWorld;
  let proxy: TamperingProxy;
  beforeEach(async () => {
    world = await marzbanWorld();
    proxy = await startTamperingProxy(world.emulator.url);
    world.env.MZ_URL = proxy.url;
    await world.write({ 'u.yaml': users([['kept', '10GiB']]) });
    expect((await world.apply()).code).toBe(0);
  });
  afterEach(async () => {
    await proxy.close();
    await world.close();
  });

  it('a panel answering 200 to writes it never made: every one is reported "applied but not taken by the panel", exit 1', async () => {
    proxy.writes = ({ path }) => (notLogin(path) ? 'drop' : 'pass');
    await world.write({ 'u.yaml': users([['kept', '20GiB'], ['new1', '10GiB'], ['new2', '10GiB']]) });
    const applied = await world.apply();
    expect(applied.code, applied.stdout).toBe(1);
    expect(applied.stdout.match(/applied but not taken by the panel/g)).toHaveLength(3);
    expect(applied.stdout).not.toMatch(/3 succeeded/);
    expect(world.emulator.state.findUser('new1')).toBeUndefined();
    // Nothing that did not land is owned: once the panel takes writes, the next apply makes them.
    proxy.writes = undefined;
    const healed = await world.apply();
    expect(healed.code, healed.stdout).toBe(0);
    expect(world.emulator.state.findUser('new2')?.data_limit).toBe(10 * 2 ** 30);
    expect(world.emulator.state.findUser('kept')?.data_limit).toBe(20 * 2 ** 30);
    expect((await world.plan()).code).toBe(0);
  });

  it('a panel performing each write twice: creates answered 409 whose object is what was sent succeed', async () => {
    proxy.writes = ({ path }) => (notLogin(path) ? 'twice' : 'pass');
    await world.write({ 'u.yaml': users([['kept', '20GiB'], ['new1', '10GiB'], ['new2', '10GiB']]) });
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain('3 succeeded, 0 failed');
    expect(world.emulator.state.users.size).toBeGreaterThanOrEqual(3);
    proxy.writes = undefined;
    expect((await world.plan()).code).toBe(0);
  });

  it('a 409 on a create whose object differs from what was sent stays failed and unowned', async () => {
    proxy.writes = ({ path }) => (notLogin(path) ? 'twice' : 'pass');
    proxy.tamper = (req, answer) => {
      // Someone else's user with the same name appears between the two sends.
      if (req.method === 'POST' && req.path === '/api/user' && answer.status === 409) {
        const u = world.emulator.state.findUser('new1');
        if (u) u.data_limit = 5;
      }
      return undefined;
    };
    await world.write({ 'u.yaml': users([['kept', '10GiB'], ['new1', '10GiB']]) });
    const applied = await world.apply();
    expect(applied.code, applied.stdout).toBe(1);
    expect(applied.stdout).toMatch(/new1 .*409|1 failed/);
    const inventory = JSON.parse(await readFile(join(world.stateDir, 'mz.json'), 'utf8')) as { objects: Record<string, unknown> };
    expect(Object.keys(inventory.objects)).toEqual(['User/kept']);
  });
});
