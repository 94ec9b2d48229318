import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCommand } from '../../../controller/cli/import-command.ts';
import { captureRuntime } from '../../helpers/capture-runtime.ts';
import { openPanelAdmin, openPanelWorld, type OpenPanelWorld } from '../../helpers/hosting-fixtures.ts';

/** Issue 19, point 3: a suspended account's domains name their owner SUSPENDED_<ts>_<owner> (openpanel.md §9). */
// No password: the account exists, and a password panelops never sent would be set once (a write
// OpenPanel refuses on a suspended account).
const account = (name: string, suspended: boolean) => `apiVersion: openpanel.panelops.io/v1
kind: Account
metadata: { name: ${name} }
spec: { email: ${name}@seed.example, plan: basic, suspended: ${suspended} }
`;
const domains = (owner: string, names: string[]) => names.map((n) => `apiVersion: openpanel.panelops.io/v1
kind: Domain
metadata: { name: ${n} }
spec: { account: ${owner} }
`).join('---\n');

describe('OpenPanel: domains of a suspended account', () => {
  let world: OpenPanelWorld;
  beforeEach(async () => {
    world = await openPanelWorld();
    const op = await openPanelAdmin(world.emulator);
    await op.create('oldshop');
    await op.addDomain('oldshop', 'oldshop.example');
    await op.suspend('oldshop');
  });
  afterEach(() => world.close());

  it('imports the owner under its own name and then plans no change', async () => {
    await world.write({});
    const c = captureRuntime(world.env);
    const code = await importCommand(c.rt, { dir: world.manifests, stateDir: world.stateDir, panel: 'op', kind: [], selector: [], names: [], adopt: true });
    expect(code, c.stderr()).toBe(0);
    const imported = (await readFile(join(world.manifests, 'op-domains.yaml'), 'utf8')) + (await readFile(join(world.manifests, 'op-accounts.yaml'), 'utf8'));
    expect(imported).not.toContain('SUSPENDED_');
    expect(imported).toMatch(/account: oldshop/);
    expect(imported).toMatch(/name: oldshop\n(\s+\w+: .*\n)*\s+suspended: true/);
    const plan = await world.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });

  it('refuses to add a domain to a suspended account, and adds it after an unsuspend in the same apply', async () => {
    await world.write({ 'a.yaml': account('oldshop', true), 'd.yaml': domains('oldshop', ['oldshop.example', 'shop2.example']) }, '{ prune: true, adopt: true }');
    const refused = await world.apply();
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Domain/shop2.example: its account oldshop is suspended, and OpenPanel cannot add a domain to a suspended account');
    expect(world.emulator.counters.get('POST', '/api/domains/new')).toBe(1);
    await world.write({ 'a.yaml': account('oldshop', false), 'd.yaml': domains('oldshop', ['oldshop.example', 'shop2.example']) });
    const applied = await world.apply();
    expect(applied.code, applied.stdout).toBe(0);
    expect(world.emulator.state.domains.has('shop2.example')).toBe(true);
    expect((await world.plan()).code).toBe(0);
  });
});
