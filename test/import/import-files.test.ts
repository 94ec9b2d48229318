import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCommand } from '../../controller/cli/import-command.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { marzbanWorld } from '../helpers/marzban-fixture.ts';

describe('import writes files a person can use', () => {
  it('names files without doubled plurals, sorts names naturally, and points editors at the schema', async () => {
    const world = await marzbanWorld();
    try {
      world.emulator.seedUsers(12, { prefix: 'legacy' });
      await world.write({});
      const c = captureRuntime(world.env);
      expect(await importCommand(c.rt, { dir: world.manifests, stateDir: world.stateDir, panel: 'mz', kind: [], selector: [], names: [], adopt: true })).toBe(0);
      const files = await readdir(world.manifests);
      expect(files).toContain('mz-users.yaml');
      expect(files.filter((f) => f.includes('hostss'))).toEqual([]);
      const text = await readFile(join(world.manifests, 'mz-users.yaml'), 'utf8');
      const names = [...text.matchAll(/- name: (legacy\d+)/g)].map((m) => m[1]);
      expect(names.slice(0, 3)).toEqual(['legacy1', 'legacy2', 'legacy3']);
      expect(names.indexOf('legacy10')).toBe(9);
      // Users share inbound selections in memory; the file spells each one out, with no anchor or alias.
      expect(text).not.toMatch(/[&*]a\d+\b/);
      expect(text.match(/inbounds:/g)?.length).toBeGreaterThanOrEqual(12);
      const modeline = /# yaml-language-server: \$schema=(\S+)/.exec(text)?.[1];
      expect(modeline).toBeDefined();
      // The path resolves, from the file, to this installation's published schema.
      const schema = JSON.parse(await readFile(join(world.manifests, modeline ?? ''), 'utf8')) as { title?: string; $id?: string };
      expect(JSON.stringify(schema)).toContain('UserList');
      expect((await world.plan()).code).toBe(0);
    } finally {
      await world.close();
    }
  });
});
