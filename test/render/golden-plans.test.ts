import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCommand } from '../../controller/cli/plan-command.ts';
import { startSandbox, type Sandbox } from '../../controller/sandbox/start-sandbox.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

/**
 * A reviewer's view, kept as files: the text and Markdown plans of the sandbox fleet and of a
 * 200-change edit. A change to what a plan shows is a change to these files, reviewed as such.
 * `UPDATE_GOLDEN=1 npx vitest run test/render/golden-plans.test.ts` writes them anew.
 */
async function matchesGolden(name: string, actual: string): Promise<void> {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    await mkdir(GOLDEN, { recursive: true });
    await writeFile(file, actual);
  }
  expect(actual).toBe(await readFile(file, 'utf8'));
}

/** Emulator ports and temporary paths change from run to run; nothing else in a plan may. */
const stable = (text: string, roots: string[]) => roots.reduce((t, r) => t.split(r).join('<dir>'), text).replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');

describe('golden plans', () => {
  describe('the sandbox fleet', () => {
    let sandbox: Sandbox;
    let dir: { path: string; cleanup(): Promise<void> };
    beforeAll(async () => {
      sandbox = await startSandbox({ seed: 7 });
      dir = await tempDir();
      for (const panel of ['marzban', '3x-ui', 'openpanel', 'users-api']) await cp(join(EXAMPLES, panel), join(dir.path, 'manifests', panel), { recursive: true });
    });
    afterAll(async () => {
      await sandbox.close();
      await dir.cleanup();
    });

    for (const format of ['text', 'markdown'] as const) {
      it(`as ${format}`, async () => {
        const c = captureRuntime(sandbox.env);
        const code = await planCommand(c.rt, { dir: join(dir.path, 'manifests'), stateDir: join(dir.path, `state-${format}`), format });
        expect(code, c.stderr()).toBe(2);
        await matchesGolden(`sandbox-plan.${format === 'text' ? 'txt' : 'md'}`, stable(c.stdout(), [dir.path]));
      });
    }
  });

  describe('a 200-change edit', () => {
    let world: MarzbanWorld;
    const users = (n: number, limit: (i: number) => string, skip: (i: number) => boolean = () => false) =>
      `apiVersion: marzban.panelops.io/v1\nkind: UserList\nspec:\n  defaults: { proxies: { vmess: {} } }\n  items:\n${Array.from({ length: n }, (_, i) => i)
        .filter((i) => !skip(i))
        .map((i) => `    - { name: user_${String(i).padStart(3, '0')}, dataLimit: ${limit(i)}, note: "plan ${i % 3}" }`)
        .join('\n')}\n`;
    beforeAll(async () => {
      world = await marzbanWorld({ seed: 11 });
      await world.write({ 'u.yaml': users(150, () => '20GiB') });
      expect((await world.apply()).code).toBe(0);
      // 120 limits raised, 50 users added, 30 removed: 200 operations.
      await world.write({ 'u.yaml': users(200, (i) => (i < 120 ? '50GiB' : '20GiB'), (i) => i >= 120 && i < 150) }, '{ prune: true, maxDeletes: 100, maxDeletePercent: 100 }');
    });
    afterAll(() => world.close());

    for (const format of ['text', 'markdown'] as const) {
      it(`as ${format}`, async () => {
        const plan = await world.plan({ format });
        expect(plan.code, plan.stderr).toBe(2);
        const text = stable(plan.stdout, [world.manifests]);
        expect(text).toContain('Plan: 50 to create, 120 to update, 30 to delete.');
        await matchesGolden(`edit-200.${format === 'text' ? 'txt' : 'md'}`, text);
      });
    }
  });
});
