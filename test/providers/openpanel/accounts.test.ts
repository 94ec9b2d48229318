import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPanelFixture, openPanelWorld, type OpenPanelWorld } from '../../helpers/hosting-fixtures.ts';
import { startWorld } from '../../helpers/world.ts';

const plan = `apiVersion: openpanel.panelops.io/v1
kind: Plan
metadata: { name: starter }
spec: { domainsLimit: 3 }
`;
const account = (name: string, extra = '', password = 'ACCOUNT_PASS') => `apiVersion: openpanel.panelops.io/v1
kind: Account
metadata: { name: ${name} }
spec: { email: ${name}@x.example, plan: starter, password: { env: ${password} }${extra} }
`;

describe('OpenPanel accounts and domains', () => {
  let world: OpenPanelWorld;
  beforeEach(async () => {
    world = await openPanelWorld();
  });
  afterEach(() => world.close());

  it('suspends and unsuspends through the manifest; each rerun plans nothing', async () => {
    await world.write({ 'p.yaml': plan, 'a.yaml': account('bakery') });
    expect((await world.apply()).code).toBe(0);
    await world.write({ 'p.yaml': plan, 'a.yaml': account('bakery', ', suspended: true') });
    expect((await world.apply()).code).toBe(0);
    expect(world.emulator.state.lookup('bakery')?.username).toMatch(/^SUSPENDED_\d{14}_bakery$/);
    expect((await world.plan()).code).toBe(0);
    await world.write({ 'p.yaml': plan, 'a.yaml': account('bakery', ', suspended: false') });
    expect((await world.apply()).code).toBe(0);
    expect(world.emulator.state.lookup('bakery')?.username).toBe('bakery');
    expect((await world.plan()).code).toBe(0);
  });

  it('refuses a weak password before sending any request', async () => {
    world.env.WEAK = 'bakery1';
    await world.write({ 'p.yaml': plan, 'a.yaml': account('bakery', '', 'WEAK') });
    world.emulator.counters.reset();
    const res = await world.plan();
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/a\.yaml:4:\d+: \/spec\/password: the password is too weak for OpenPanel/);
    expect(world.emulator.counters.total()).toBe(0);
    expect(world.emulator.state.lookup('bakery')).toBeUndefined();
  });

  it('reports a domain whose owner account has no manifest as a validation error', async () => {
    await world.write({
      'p.yaml': plan,
      'd.yaml': 'apiVersion: openpanel.panelops.io/v1\nkind: Domain\nmetadata: { name: lonely.example }\nspec: { account: ghost }\n',
    });
    world.emulator.counters.reset();
    const res = await world.plan();
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/d\.yaml:4:\d+: \/spec\/account: Account "ghost" is not defined in the manifests for panel op/);
    expect(world.emulator.counters.total()).toBe(0);
  });

  it('changes a password with verification and reports a plan delete that deleted nothing', async () => {
    await world.write({ 'p.yaml': plan, 'a.yaml': account('bakery') });
    expect((await world.apply()).code).toBe(0);
    world.env.ACCOUNT_PASS = 'Rotated-Pass-2027!';
    const rotated = await world.plan();
    expect(rotated.stdout).toContain('password: (secret changed)');
    expect((await world.apply()).code).toBe(0);
    expect(world.emulator.state.checkPassword('bakery', 'Rotated-Pass-2027!')).toBe(true);

    await world.write({ 'a.yaml': account('bakery').replace('plan: starter', 'plan: basic') });
    const removed = await world.apply({ allowDeletes: 1 });
    expect(removed.code).toBe(1);
    expect(removed.stdout).toContain('the panel reported the delete as done, but the plan is still there');
    expect(world.emulator.state.planByName('starter')).toBeDefined();
  });

  it('renews an expired token in the middle of a run without failing it', async () => {
    const fixture = openPanelFixture({ faults: { seed: 11, tokenExpiryRate: 0.2 } });
    const flaky = await startWorld({ ...fixture, panelYaml: (p) => fixture.panelYaml(p).replace('concurrency: 4', 'concurrency: 1') });
    try {
      const accounts = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'].map((n) => account(n)).join('---\n');
      await flaky.write({ 'p.yaml': plan, 'a.yaml': accounts });
      const applied = await flaky.apply();
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect(flaky.emulator.faults.tally.tokenExpired).toBeGreaterThan(0);
      expect(flaky.emulator.counters.get('POST', '/api/')).toBeGreaterThan(1);
      flaky.emulator.faults.configure({});
      expect((await flaky.plan()).code).toBe(0);
    } finally {
      await flaky.close();
    }
  });
});
