import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPanelAdmin, openPanelWorld, type OpenPanelWorld } from '../../helpers/hosting-fixtures.ts';

/** Issue 19, points 7 and 8: whole-plan replacement, case-insensitive names, delete by id. */
const plan = (name: string, spec: string) => `apiVersion: openpanel.panelops.io/v1
kind: Plan
metadata: { name: "${name}" }
spec: ${spec}
`;
const account = (name: string, planName: string) => `apiVersion: openpanel.panelops.io/v1
kind: Account
metadata: { name: ${name} }
spec: { email: ${name}@x.example, plan: ${planName}, password: { env: ACCOUNT_PASS } }
`;

describe('OpenPanel plans', () => {
  let world: OpenPanelWorld;
  let op: Awaited<ReturnType<typeof openPanelAdmin>>;
  beforeEach(async () => {
    world = await openPanelWorld();
    op = await openPanelAdmin(world.emulator);
    await op.call('POST', '/api/plans', { name: 'mailer', description: 'Mail heavy', disk_limit: 20, max_email_quota: '500M', max_hourly_email: 100, cpu: 2, ram: 2 });
  });
  afterEach(() => world.close());

  it('an update carries every field of the plan as read, the e-mail limits included', async () => {
    await world.write({ 'p.yaml': plan('mailer', '{ description: "Mail heavy, more disk", diskLimitGB: 40 }') }, '{ prune: true, adopt: true }');
    const applied = await world.apply();
    expect(applied.code, applied.stdout).toBe(0);
    expect(world.emulator.state.planByName('mailer')).toMatchObject({ description: 'Mail heavy, more disk', disk_limit: '40 GB', max_email_quota: '500M', max_hourly_email: 100, cpu: '2', ram: '2g' });
    expect((await world.plan()).code).toBe(0);
  });

  it('manages the e-mail limits, and imports them', async () => {
    await world.write({ 'p.yaml': plan('mailer', '{ maxEmailQuota: "2", maxHourlyEmail: 50 }') }, '{ prune: true, adopt: true }');
    const planned = await world.plan();
    expect(planned.stdout).toMatch(/maxEmailQuota: "?500M"? → "?2G"?/);
    expect((await world.apply()).code).toBe(0);
    expect(world.emulator.state.planByName('mailer')).toMatchObject({ max_email_quota: '2G', max_hourly_email: 50, description: 'Mail heavy' });
    expect((await world.plan()).code).toBe(0);
  });

  it('matches plan names case-insensitively, as the panel does', async () => {
    await world.write({ 'p.yaml': plan('Mailer', '{ description: "Mail heavy" }') }, '{ prune: true, adopt: true }');
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    // Adopted, not created a second time (the panel would refuse the name as taken).
    expect(applied.stdout).toMatch(/\* Mailer|adopt/);
    expect(world.emulator.counters.get('POST', '/api/plans')).toBe(1);
    const again = await world.plan();
    expect(again.code, again.stdout).toBe(0);
  });

  it('an account naming a live plan in another case is on that plan: create, then nothing to do', async () => {
    await world.write({ 'a.yaml': account('bakery', 'Basic') });
    const planned = await world.plan();
    expect(planned.code, planned.stdout + planned.stderr).toBe(2);
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(world.emulator.state.plans.get(world.emulator.state.lookup('bakery')?.planId ?? -1)?.name).toBe('basic');
    const again = await world.plan();
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(world.emulator.counters.get('POST', '/api/plans')).toBe(1); // the mailer of beforeEach
  });

  it('an account naming its Plan manifest in another case waits for that plan, and no second plan is made', async () => {
    await world.write({ 'p.yaml': plan('gold', '{ description: Gold }'), 'a.yaml': account('bakery', 'GOLD') });
    const planned = await world.plan({ format: 'json' });
    expect(planned.code, planned.stdout + planned.stderr).toBe(2);
    const operations = (JSON.parse(planned.stdout) as { panels: Array<{ operations: Array<{ id: string; kind: string; dependsOn: string[] }> }> }).panels[0]?.operations ?? [];
    const planCreate = operations.find((o) => o.kind === 'Plan')?.id;
    expect(planCreate).toBeDefined();
    expect(operations.find((o) => o.kind === 'Account')?.dependsOn).toEqual([planCreate]);
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(world.emulator.state.plans.get(world.emulator.state.lookup('bakery')?.planId ?? -1)?.name).toBe('gold');
    expect(world.emulator.counters.get('POST', '/api/plans')).toBe(2);
    const again = await world.plan();
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it('a plan change that differs only by case is no change; a real one is made once', async () => {
    await world.write({ 'a.yaml': account('bakery', 'basic') });
    expect((await world.apply()).code).toBe(0);
    await world.write({ 'a.yaml': account('bakery', 'BASIC') });
    const same = await world.plan();
    expect(same.code, same.stdout + same.stderr).toBe(0);
    await world.write({ 'a.yaml': account('bakery', 'Pro') });
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(world.emulator.state.plans.get(world.emulator.state.lookup('bakery')?.planId ?? -1)?.name).toBe('pro');
    const again = await world.plan();
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it('a domain naming its account in another case is still refused: only plan names fold', async () => {
    await world.write({ 'a.yaml': account('bakery', 'basic'), 'd.yaml': 'apiVersion: openpanel.panelops.io/v1\nkind: Domain\nmetadata: { name: bakery.example }\nspec: { account: Bakery }\n' });
    const res = await world.plan();
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/d\.yaml:4:\d+: \/spec\/account: Account "Bakery" is not defined in the manifests for panel op/);
  });

  it('refuses a plan name of digits only before any request', async () => {
    await world.write({ 'p.yaml': plan('7', '{ description: x }') });
    world.emulator.counters.reset();
    const res = await world.plan();
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/p\.yaml:3:\d+: \/metadata\/name: /);
    expect(world.emulator.counters.total()).toBe(0);
  });

  it('refuses to delete a plan by id when another plan is named after that id', async () => {
    await world.write({ 'p.yaml': plan('gold', '{ description: Gold }') + '---\n' + plan('silver', '{ description: Silver }') });
    expect((await world.apply()).code).toBe(0);
    const gold = world.emulator.state.planByName('gold');
    // Someone made a plan whose name is gold's id.
    await op.call('POST', '/api/plans', { name: String(gold?.id), description: 'numbered' });
    await world.write({ 'p.yaml': plan('silver', '{ description: Silver }') });
    const applied = await world.apply({ allowDeletes: 1 });
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain(`Plan/gold: refused: OpenPanel would delete the plan named "${String(gold?.id)}" instead`);
    expect(world.emulator.state.planByName(String(gold?.id))).toBeDefined();
    expect(world.emulator.counters.get('DELETE', '/api/plans/:id')).toBe(0);
  });
});
