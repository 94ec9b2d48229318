import { afterEach, describe, expect, it } from 'vitest';
import { criteriaFor, passwordProblem } from '../../../controller/providers/openpanel/resources/account-rules.ts';
import { openPanelAdmin, openPanelWorld, type OpenPanelWorld } from '../../helpers/hosting-fixtures.ts';

const account = (name: string) => `apiVersion: openpanel.panelops.io/v1
kind: Account
metadata: { name: ${name} }
spec: { email: ${name}@x.example, plan: basic, password: { env: ACCOUNT_PASS } }
`;

/** openpanel.md §10.8: the strength threshold is the server's password_strength (1-100, default 50). */
describe('OpenPanel password strength', () => {
  it('needs the criteria opencli derives from the threshold, counting length in bytes', () => {
    const table = Object.fromEntries([1, 17, 18, 33, 34, 50, 51, 67, 68, 83, 84, 100].map((t) => [t, criteriaFor(t)]));
    expect(table).toEqual({ 1: 1, 17: 1, 18: 2, 33: 2, 34: 3, 50: 3, 51: 4, 67: 4, 68: 5, 83: 5, 84: 6, 100: 6 });
    expect(passwordProblem('s32dsasaq')).toBeUndefined();
    expect(passwordProblem('s32dsasaq', 67)).toContain('at least 67 needed: meet 4 of');
    // Seven characters, eight bytes in UTF-8: long enough for the panel's "length ≥ 8".
    expect(passwordProblem('ééaaaa1', 50)).toBeUndefined();
    expect(passwordProblem('eeaaaa1', 50)).toContain('strength 33/100');
  });

  describe('against the emulator', () => {
    let world: OpenPanelWorld;
    afterEach(() => world.close());

    it('a plan that creates an account says which threshold it assumed', async () => {
      world = await openPanelWorld();
      await world.write({ 'a.yaml': account('dana') });
      const plan = await world.plan();
      expect(plan.stdout).toContain("password checked against OpenPanel's default password_strength 50 (3 of 6 criteria)");
    });

    it('a server set higher refuses a password the default takes, after its own check (the risk the note names)', async () => {
      world = await openPanelWorld({ passwordStrength: 67 });
      const op = await openPanelAdmin(world.emulator);
      const weak = await op.create('erin', 'basic', 's32dsasaq');
      expect(weak.status).toBe(500);
      expect(weak.body?.error).toContain('minimum required is 67/100');
      // Half-created: the Linux user exists, so even a strong password fails for that name now (§3.2).
      expect((await op.create('erin', 'basic', 'S32dsasaq')).status).toBe(500);
      expect(world.emulator.state.halfCreated('erin')).toBe(true);
      expect((await op.create('fred', 'basic', 'S32dsasaq')).status).toBe(201);
    });
  });
});
