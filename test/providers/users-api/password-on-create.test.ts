import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usersApiWorld, type UsersApiWorld } from '../../helpers/hosting-fixtures.ts';

const users = (items: string[]) => `apiVersion: usersapi.panelops.io/v1
kind: UserList
spec:
  items:
${items.join('\n')}
`;

describe('a Users API user without a password', () => {
  let world: UsersApiWorld;
  beforeEach(async () => {
    world = await usersApiWorld();
    world.emulator.seedUsers(1, { prefix: 'old' });
  });
  afterEach(() => world.close());

  it('is an error at its line when it would be created, before anything is sent', async () => {
    await world.write({
      'members.yaml': users(['    - { name: old1, email: old1@example.com }', '    - { name: newbie, email: newbie@x.example }', '    - { name: keyed, email: keyed@x.example, password: { env: USER_PASS } }']),
    });
    world.emulator.counters.reset();
    const plan = await world.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(1);
    expect(plan.stderr).toMatch(/members\.yaml:6:\d+: \/spec\/password: User "newbie" is not on panel ua yet, and creating it needs password/);
    // The user already on the panel needs none; the one with a password is fine.
    expect(plan.stderr).not.toContain('"old1"');
    expect(plan.stderr).not.toContain('"keyed"');
    const applied = await world.apply();
    expect(applied.code).toBe(1);
    expect(world.emulator.counters.writes()).toBe(0);
  });
});
