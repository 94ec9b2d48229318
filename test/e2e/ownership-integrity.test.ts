import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCommand } from '../../controller/cli/import-command.ts';
import { stateForget } from '../../controller/cli/state-command.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { marzbanApi } from '../helpers/marzban-api.ts';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';

const users = (names: string[], note = 'n') => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { proxies: { vmess: {} } }
  items:
${names.map((n) => `    - { name: ${n}, note: ${n === 'u03' ? note : 'n'} }`).join('\n')}
`;
const names = (n: number) => Array.from({ length: n }, (_, i) => `u${String(i + 1).padStart(2, '0')}`);
const inventoryOf = async (world: MarzbanWorld) => JSON.parse(await readFile(join(world.stateDir, 'mz.json'), 'utf8')) as { objects: Record<string, unknown> };
const writesBesidesLogin = (world: MarzbanWorld) => world.emulator.counters.writes() - world.emulator.counters.get('POST', '/api/admin/token');

describe('ownership integrity', () => {
  let world: MarzbanWorld;
  beforeEach(async () => {
    world = await marzbanWorld();
    await world.write({ 'u.yaml': users(names(12)) });
    expect((await world.apply()).code).toBe(0);
  });
  afterEach(() => world.close());

  it('a targeted apply keeps every inventory entry outside its target byte for byte', async () => {
    const before = await inventoryOf(world);
    expect(Object.keys(before.objects)).toHaveLength(12);
    await world.write({ 'u.yaml': users(names(12), 'edited') });
    const applied = await world.apply({ target: ['User/u03'] });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const after = await inventoryOf(world);
    expect(Object.keys(after.objects)).toHaveLength(12);
    for (const [ref, entry] of Object.entries(before.objects)) if (ref !== 'User/u03') expect(after.objects[ref]).toEqual(entry);
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(0);
  });

  it('never deletes an object whose only claim is an unsettled journal intent, and adopts it when a manifest names it', async () => {
    // A run that died after writing its intent, before sending; the same name then made by hand.
    await writeFile(join(world.stateDir, 'mz.journal'), `${JSON.stringify({ t: 'intent', n: 1, op: { kind: 'User', key: 'by_hand', action: 'create' }, at: '2026-01-01T00:00:00Z' })}\n`);
    const api = await marzbanApi(world.emulator.url);
    await api.send('POST', '/api/user', { username: 'by_hand', proxies: { vmess: {} }, inbounds: {}, status: 'active' });
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toContain('not deleted: only an unfinished operation in the journal claims it');
    expect(plan.stdout).toContain('panelops state forget mz:User/by_hand');
    expect((await world.apply()).code).toBe(0);
    expect(await api.status('/api/user/by_hand')).toBe(200);

    await writeFile(join(world.stateDir, 'mz.journal'), `${JSON.stringify({ t: 'intent', n: 1, op: { kind: 'User', key: 'by_hand', action: 'create' }, at: '2026-01-01T00:00:00Z' })}\n`);
    await world.write({ 'u.yaml': users([...names(12), 'by_hand']) });
    const adopt = await world.plan();
    expect(adopt.stdout).toMatch(/\* by_hand/);
    expect((await world.apply()).code).toBe(0);
    expect(Object.keys((await inventoryOf(world)).objects)).toContain('User/by_hand');
  });

  it('a malformed journal line is an error naming the file and line; nothing is sent', async () => {
    const journal = join(world.stateDir, 'mz.journal');
    await writeFile(journal, `${JSON.stringify({ t: 'intent', n: 1, op: { kind: 'User', key: 'u01', action: 'update' }, at: 'x' })}\n42\n{"t":"intent","n":3}\n`);
    world.emulator.counters.reset();
    await world.write({ 'u.yaml': users(names(11)) });
    const applied = await world.apply({ allowDeletes: 5 });
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(`${journal}:2: not a journal entry`);
    expect(applied.stderr).not.toMatch(/TypeError|at .*\.ts:\d+/);
    expect(writesBesidesLogin(world)).toBe(0);
  });

  it('state forget, then import with a selector, adopts an object that already has a manifest', async () => {
    const c = captureRuntime(world.env);
    await stateForget(c.rt, { stateDir: world.stateDir }, 'mz:User/u05');
    const blocked = await world.plan();
    expect(blocked.code).toBe(3);
    expect(blocked.stdout).toContain('panelops import --panel mz --selector User/u05');
    const imported = captureRuntime(world.env);
    const code = await importCommand(imported.rt, { dir: world.manifests, stateDir: world.stateDir, panel: 'mz', kind: [], selector: ['User/u05'], names: [], adopt: true });
    expect(code).toBe(0);
    expect(imported.stdout()).toContain('adopted 1 that already had manifests');
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(0);
  });

  it('blocks instead of re-creating when most owned objects are missing from a valid answer', async () => {
    // Another panel behind the same URL, or a filtered view: the list is valid, most users are gone from it.
    for (const n of names(9)) world.emulator.state.users.delete(n);
    world.emulator.counters.reset();
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(3);
    expect(plan.stdout).toContain('9 of 12 owned User objects (75%) are missing');
    const applied = await world.apply();
    expect(applied.code).toBe(3);
    expect(writesBesidesLogin(world)).toBe(0);
  });
});
