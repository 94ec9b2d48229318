import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stateForget, stateList, stateShow } from '../../controller/cli/state-command.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';

const users = (names: string[]) => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { proxies: { vmess: {} } }
  items: [${names.map((n) => `{ name: ${n} }`).join(', ')}]
`;

describe('panelops state list | show | forget', () => {
  let world: MarzbanWorld;
  beforeEach(async () => {
    world = await marzbanWorld();
    await world.write({ 'u.yaml': users(['kept_one', 'freed_one']) });
    expect((await world.apply()).code).toBe(0);
  });
  afterEach(() => world.close());

  it('lists, shows and forgets owned objects without touching the panel', async () => {
    const c = captureRuntime(world.env);
    await stateList(c.rt, { stateDir: world.stateDir });
    expect(c.stdout()).toContain('mz (marzban): 2 owned');
    expect(c.stdout()).toContain('User/freed_one  (created');
    await stateShow(c.rt, { stateDir: world.stateDir }, 'mz:User/kept_one');
    expect(c.stdout()).toMatch(/"key": "kept_one"[\s\S]*"specHash"/);

    await stateForget(c.rt, { stateDir: world.stateDir }, 'User/freed_one');
    await world.write({ 'u.yaml': users(['kept_one']) });
    const plan = await world.plan();
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/unmanaged \(left alone\): .*\b1 User/);
    expect(world.emulator.state.findUser('freed_one')).toBeDefined();
    await expect(stateShow(c.rt, { stateDir: world.stateDir }, 'mz:User/freed_one')).rejects.toThrow('is not in the inventory');
  });
});
