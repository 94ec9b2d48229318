import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../controller/cli/import-command.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { openPanelAdmin, openPanelWorld, type OpenPanelWorld } from '../helpers/hosting-fixtures.ts';

/** Replaces one exact piece of an imported file, failing loudly if the import changed shape. */
async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (typeof from === 'string' ? !text.includes(from) : !from.test(text)) throw new Error(`${file} has no ${String(from)}`);
  await writeFile(file, text.replace(from, to));
}

/** Everything about an account row that an apply must not touch unless asked. */
const rowOf = (world: OpenPanelWorld, name: string) => {
  const a = world.emulator.state.byName(name);
  return a && JSON.stringify([a.id, a.username, a.email, a.planId, a.passwordHash, world.emulator.state.domainsOf(a).map((d) => [d.domain_url, d.serving])]);
};

/**
 * The whole OpenPanel operator cycle (issue 19): a panel seeded through its own API, with a
 * suspended account whose name ends with another account's name and a suspended account
 * with domains; import, plan (exit 0), edits (20 new accounts, suspend, unsuspend, plan
 * changes, domains added and removed, a plan edited), apply, plan again (exit 0). Every
 * account nobody edited is exactly as it was.
 */
describe('OpenPanel: import, plan, edit, apply, plan', () => {
  let world: OpenPanelWorld;
  const seeded = ['bob', 'jimbob', 'alice', 'carol', 'dave', 'erin', 'frank'];

  beforeAll(async () => {
    world = await openPanelWorld({ createLatencyMs: 5 });
    const op = await openPanelAdmin(world.emulator);
    await op.call('POST', '/api/plans', { name: 'mailer', description: 'Mail heavy', disk_limit: 20, max_email_quota: '500M', max_hourly_email: 100 });
    for (const [name, plan] of [['bob', 'basic'], ['jimbob', 'basic'], ['alice', 'pro'], ['carol', 'basic'], ['dave', 'mailer'], ['erin', 'basic'], ['frank', 'pro']] as const) {
      expect((await op.create(name, plan)).status).toBe(201);
    }
    for (const [owner, domain] of [['bob', 'bob.example'], ['jimbob', 'jimbob.example'], ['alice', 'alice.example'], ['alice', 'shop.alice.example'], ['dave', 'dave.example'], ['erin', 'erin.example'], ['frank', 'frank.example']]) {
      expect((await op.addDomain(owner as string, domain as string)).body?.returncode).toBe(0);
    }
    // jimbob ends with "bob": the panel's suffix match makes "bob" ambiguous. erin is suspended with a domain.
    await op.suspend('jimbob');
    await op.suspend('erin');
    await world.write({});
  });
  afterAll(() => world.close());

  it('converges, and touches no account it was not asked to', async () => {
    const c = captureRuntime(world.env);
    const imported = await importCommand(c.rt, { dir: world.manifests, stateDir: world.stateDir, panel: 'op', kind: [], selector: [], names: ['carol'], adopt: true });
    expect(imported, c.stderr()).toBe(0);
    const first = await world.plan();
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('ambiguous on the panel: OpenPanel also matches "bob" to the suspended account "jimbob"');
    const before = new Map(seeded.map((n) => [n, rowOf(world, n)]));
    const mailerBefore = { ...world.emulator.state.planByName('mailer') };

    const m = world.manifests;
    const accounts = join(m, 'op-accounts.yaml');
    const domains = join(m, 'op-domains.yaml');
    // Plans: carol moves to mailer, alice down to basic; dave is suspended, erin unsuspended.
    await edit(accounts, /(- name: alice\n\s+email: .*\n\s+)plan: pro/, '$1plan: basic');
    await edit(accounts, /(- name: carol\n\s+email: .*\n\s+)plan: basic/, '$1plan: mailer');
    await edit(accounts, /(- name: dave\n(\s+\w+: .*\n){2}\s+)suspended: false/, '$1suspended: true');
    await edit(accounts, /(- name: erin\n(\s+\w+: .*\n){2}\s+)suspended: true/, '$1suspended: false');
    // A domain for carol, one for erin (added after her unsuspend), one for a new account; alice's shop goes.
    await edit(domains, /\s+- name: shop\.alice\.example\n.*\n.*docroot.*/, '');
    await edit(domains, '  items:\n', '  items:\n    - { name: carol.example, account: carol }\n    - { name: blog.erin.example, account: erin }\n    - { name: new1.example, account: new1 }\n');
    await edit(join(m, 'op-plans.yaml'), 'description: Mail heavy', 'description: Mail heavy, more disk');
    const fresh = Array.from({ length: 20 }, (_, i) => `new${i + 1}`);
    await writeFile(join(m, 'new-accounts.yaml'), `apiVersion: openpanel.panelops.io/v1
kind: AccountList
spec:
  defaults: { plan: basic, password: { env: ACCOUNT_PASS } }
  items:
${fresh.map((n, i) => `    - { name: ${n}, email: ${n}@new.example${i % 5 === 0 ? ', plan: mailer' : ''}${i === 19 ? ', suspended: true' : ''} }`).join('\n')}
`);

    const planned = await world.plan();
    expect(planned.code, planned.stdout + planned.stderr).toBe(2);
    expect(planned.stdout).toMatch(/Plan: 23 to create, 5 to update, 1 to delete\./);
    world.emulator.counters.reset();
    const applied = await world.apply({ allowDeletes: 1 });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const again = await world.plan();
    expect(again.code, again.stdout + again.stderr).toBe(0);

    const state = world.emulator.state;
    // What was asked for.
    for (const n of fresh) expect(state.checkPassword(n, world.env.ACCOUNT_PASS ?? '')).toBe(true);
    expect(state.byName('new20')?.username).toMatch(/^SUSPENDED_\d{14}_new20$/);
    expect(state.byName('dave')?.username).toMatch(/^SUSPENDED_\d{14}_dave$/);
    expect(state.byName('erin')?.username).toBe('erin');
    expect(state.plans.get(state.byName('carol')?.planId ?? 0)?.name).toBe('mailer');
    expect(state.plans.get(state.byName('alice')?.planId ?? 0)?.name).toBe('basic');
    expect([...state.domains.keys()].sort()).toEqual(['alice.example', 'blog.erin.example', 'bob.example', 'carol.example', 'dave.example', 'erin.example', 'frank.example', 'jimbob.example', 'new1.example']);
    expect(state.planByName('mailer')).toEqual({ ...mailerBefore, description: 'Mail heavy, more disk' });
    // What was not: bob and jimbob (the ambiguous pair), frank, and every e-mail and password.
    for (const n of ['bob', 'jimbob', 'frank']) expect(rowOf(world, n), n).toBe(before.get(n));
    for (const n of seeded) {
      const [, , email, , passwordHash] = JSON.parse(rowOf(world, n) ?? '[]') as unknown[];
      const [, , emailBefore, , hashBefore] = JSON.parse(before.get(n) ?? '[]') as unknown[];
      expect([email, passwordHash], n).toEqual([emailBefore, hashBefore]);
    }
    // Creates went one at a time: opencli never had to refuse one.
    expect(world.emulator.counters.get('POST', '/api/users')).toBe(20);
  });
});
