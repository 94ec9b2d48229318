import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planFromManifests } from '../../controller/cli/plan-command.ts';
import { applyPanel } from '../../controller/engine/apply-panel.ts';
import { LocalState } from '../../controller/state/local/index.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { marzbanApi } from '../helpers/marzban-api.ts';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';

const users = (items: string[]) => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { proxies: { vmess: {} }, dataLimit: 10GiB }
  items:
${items.map((n) => `    - { name: ${n} }`).join('\n')}
`;
const owned = async (world: MarzbanWorld) => Object.keys((JSON.parse(await readFile(join(world.stateDir, 'mz.json'), 'utf8')) as { objects: object }).objects);

/**
 * A run that dies after its creates landed and before it saved the inventory: the operations
 * are sent (and journaled) exactly as apply sends them, and the inventory is never saved.
 */
async function crashAfterCreates(world: MarzbanWorld): Promise<void> {
  const c = captureRuntime(world.env);
  const state = new LocalState(world.stateDir);
  const run = await planFromManifests(c.rt, { dir: world.manifests, stateDir: world.stateDir }, state);
  const plan = run.plan.panels[0];
  const ctx = run.contexts.get('mz');
  if (!plan || !ctx) throw new Error('no plan for mz');
  const entries = await applyPanel(plan, ctx, { now: () => new Date(), sleep: async () => {}, budget: { remaining: Infinity } });
  expect(entries.every((e) => e.result === 'succeeded')).toBe(true);
  await state.close();
}

describe('journal claims settled by the panel after a crash', () => {
  let world: MarzbanWorld;
  beforeEach(async () => {
    world = await marzbanWorld();
    await world.write({ 'u.yaml': users(['kept']) });
    expect((await world.apply()).code).toBe(0);
  });
  afterEach(() => world.close());

  it('an object the dead run created, with every field it sent, is owned: dropping its manifest deletes it', async () => {
    await world.write({ 'u.yaml': users(['kept', 'revoked']) });
    await crashAfterCreates(world);
    expect(await owned(world)).toEqual(['User/kept']);
    await world.write({ 'u.yaml': users(['kept']) });
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(2);
    expect(plan.stdout).toMatch(/- revoked/);
    expect(plan.stdout).not.toContain('only an unfinished operation in the journal claims it');
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(world.emulator.state.findUser('revoked')).toBeUndefined();
    expect((await world.plan()).code).toBe(0);
  });

  it('an object made by hand in the crash window under the same name with other fields is never deleted, and needs attention', async () => {
    await world.write({ 'u.yaml': users(['kept', 'byhand']) });
    await crashAfterCreates(world);
    // Someone replaces it by hand between the crash and the next run.
    const api = await marzbanApi(world.emulator.url);
    await api.send('DELETE', '/api/user/byhand');
    await api.send('POST', '/api/user', { username: 'byhand', proxies: { vmess: {} }, inbounds: {}, status: 'active', data_limit: 5 * 2 ** 30 });
    await world.write({ 'u.yaml': users(['kept']) });
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toContain('not deleted: only an unfinished operation in the journal claims it');
    expect(plan.stdout).toMatch(/1 (object )?needs? attention/);
    expect((await world.apply()).code).toBe(0);
    expect(world.emulator.state.findUser('byhand')?.data_limit).toBe(5 * 2 ** 30);
  });

  it('a claimed object its manifest still names, replaced by hand with other fields, is not adopted on the claim', async () => {
    await world.write({ 'u.yaml': users(['kept', 'taken']) });
    await crashAfterCreates(world);
    const api = await marzbanApi(world.emulator.url);
    await api.send('DELETE', '/api/user/taken');
    await api.send('POST', '/api/user', { username: 'taken', proxies: { vmess: {} }, inbounds: {}, status: 'active', data_limit: 5 * 2 ** 30 });
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(3);
    expect(plan.stdout + plan.stderr).toContain('User/taken already exists on panel mz but panelops does not own it');
    expect(world.emulator.state.findUser('taken')?.data_limit).toBe(5 * 2 ** 30);
  });

  it('a claimed object its manifest still names, exactly as the dead run sent it, is adopted', async () => {
    await world.write({ 'u.yaml': users(['kept', 'landed']) });
    await crashAfterCreates(world);
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(2);
    expect(plan.stdout).toMatch(/\* landed/);
    expect((await world.apply()).code).toBe(0);
    expect(await owned(world)).toEqual(['User/kept', 'User/landed']);
  });

  it('an object with the same fields but made long after the intent (the panel says when) is not taken', async () => {
    await world.write({ 'u.yaml': users(['kept', 'later']) });
    await crashAfterCreates(world);
    const user = world.emulator.state.findUser('later');
    if (!user) throw new Error('not created');
    user.created_at += 3 * 3600_000;
    await world.write({ 'u.yaml': users(['kept']) });
    const plan = await world.plan();
    expect(plan.stdout).toContain('not deleted: only an unfinished operation in the journal claims it');
    expect((await world.apply()).code).toBe(0);
    expect(world.emulator.state.findUser('later')).toBeDefined();
  });
});
