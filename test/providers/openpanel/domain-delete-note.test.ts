import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPanelWorld, type OpenPanelWorld } from '../../helpers/hosting-fixtures.ts';

/** Issue 19, point 8: deleting a domain also clears its account's mail links (openpanel.md §9): the plan says so. */
const files = (domains: string[]) => ({
  'a.yaml': `apiVersion: openpanel.panelops.io/v1
kind: Account
metadata: { name: mailshop }
spec: { email: mailshop@seed.example, plan: basic, password: { env: ACCOUNT_PASS } }
`,
  'd.yaml': domains.map((n) => `apiVersion: openpanel.panelops.io/v1\nkind: Domain\nmetadata: { name: ${n} }\nspec: { account: mailshop }\n`).join('---\n'),
});

describe('OpenPanel: a domain delete', () => {
  let world: OpenPanelWorld;
  beforeEach(async () => {
    world = await openPanelWorld();
  });
  afterEach(() => world.close());

  it('is planned with a note that the account loses its mail links to the domain', async () => {
    await world.write(files(['mail-one.example', 'mail-two.example']));
    expect((await world.apply()).code).toBe(0);
    await world.write(files(['mail-one.example']));
    const plan = await world.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/- mail-two\.example/);
    expect(plan.stdout).toContain('note: Domain/mail-two.example: delete: OpenPanel also removes the mail links of account mailshop that point at this domain');
  });
});
