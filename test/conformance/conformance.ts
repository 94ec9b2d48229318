import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type PanelFixture, type World } from '../helpers/world.ts';

/**
 * One suite every provider passes against its emulator over HTTP: create, list (a no-op
 * plan that counts the objects as managed), update, attach, detach and delete.
 */
export interface ConformanceCase<E extends { url: string; close(): Promise<void> }> {
  fixture: PanelFixture<E>;
  /** Manifest files for the first apply. */
  create: Record<string, string>;
  /** How many objects `create` describes. */
  objects: number;
  /** The same objects with some fields changed. */
  update: Record<string, string>;
  /** Membership changes, for kinds that attach and detach (3x-ui inbounds). */
  attach?: Record<string, string>;
  detach?: Record<string, string>;
  /** `update` with one object removed, and that object's Kind/key. */
  remove: Record<string, string>;
  removed: string;
  /** Set when the panel cannot delete (the Flute Users API): the apply refuses with this text and the object stays. */
  refusesDelete?: string;
  /** Whether an object exists on the panel, asked independently of panelops. */
  exists(emulator: E, kindAndKey: string): Promise<boolean>;
}

export function conformanceSuite<E extends { url: string; close(): Promise<void> }>(name: string, c: ConformanceCase<E>): void {
  describe(`provider conformance: ${name}`, () => {
    let world: World<E>;
    beforeAll(async () => {
      world = await startWorld(c.fixture);
    });
    afterAll(() => world.close());

    const converges = async (files: Record<string, string>, symbol: string) => {
      await world.write(files);
      const plan = await world.plan();
      expect(plan.code, plan.stdout + plan.stderr).toBe(2);
      expect(plan.stdout).toMatch(new RegExp(`^\\s+\\${symbol} `, 'm'));
      const applied = await world.apply({ allowDeletes: 1 });
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      const again = await world.plan();
      expect(again.code, again.stdout).toBe(0);
      return again;
    };

    it('creates every object, then plans nothing and counts them as managed', async () => {
      const after = await converges(c.create, '+');
      const managed = /managed: (.*)/.exec(after.stdout)?.[1] ?? '';
      const total = [...managed.matchAll(/(\d+) \w+/g)].reduce((n, m) => n + Number(m[1]), 0);
      expect(total).toBe(c.objects);
    });

    it('updates changed fields in place', async () => {
      await converges(c.update, '~');
    });

    it.runIf(c.attach !== undefined)('attaches members', async () => {
      await converges(c.attach ?? {}, '>');
    });

    it.runIf(c.detach !== undefined)('detaches members', async () => {
      await converges(c.detach ?? {}, '<');
    });

    it.runIf(c.refusesDelete !== undefined)('says in the plan that the panel cannot delete, and leaves the object', async () => {
      await world.write(c.remove);
      const plan = await world.plan();
      expect(plan.stdout).toContain(c.refusesDelete);
      expect(plan.stdout).not.toMatch(/^\s+- /m);
      const applied = await world.apply({ allowDeletes: 1 });
      expect(applied.code, applied.stdout).toBe(0);
      expect(await c.exists(world.emulator, c.removed)).toBe(true);
    });

    it.runIf(c.refusesDelete === undefined)('deletes an owned object whose manifest was removed', async () => {
      expect(await c.exists(world.emulator, c.removed)).toBe(true);
      await converges(c.remove, '-');
      expect(await c.exists(world.emulator, c.removed)).toBe(false);
    });
  });
}
