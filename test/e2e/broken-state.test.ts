import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';
import { runCli } from '../helpers/run-cli.ts';

const users = `apiVersion: marzban.panelops.io/v1\nkind: UserList\nspec:\n  defaults: { proxies: { vless: {} } }\n  items: [{ name: state_user }]\n`;

// Each case runs the CLI in child processes: slower than the default timeout on a busy machine.
describe('a damaged state directory', { timeout: 120_000 }, () => {
  let world: MarzbanWorld;
  beforeAll(async () => {
    world = await marzbanWorld();
    await world.write({ 'users.yaml': users });
    await mkdir(world.stateDir, { recursive: true });
  });
  afterAll(() => world.close());
  const cli = (...args: string[]) => runCli([...args, '-f', world.manifests, '--state-dir', world.stateDir], world.env);

  it('names a corrupt inventory file, not the panel, and writes nothing', async () => {
    await writeFile(join(world.stateDir, 'mz.json'), '{"formatVersion": 1, "objects": {"User/a": ');
    for (const command of [['plan'], ['apply', '--auto-approve'], ['state', 'list']]) {
      const result = await runCli([...command, ...(command[0] === 'state' ? [] : ['-f', world.manifests]), '--state-dir', world.stateDir], world.env);
      expect(result.code, command.join(' ')).toBe(1);
      expect(result.stderr).toMatch(/mz\.json: the inventory is not valid JSON/);
      expect(result.stderr + result.stdout).not.toMatch(/not observed|\n\s+at /);
    }
    expect(world.emulator.state.findUser('state_user')).toBeUndefined();
  });

  it('gives the unlock command for a lock file that names no holder', async () => {
    await writeFile(join(world.stateDir, 'mz.json'), '{"formatVersion": 1, "objects": {}}');
    await writeFile(join(world.stateDir, 'mz.lock'), 'garbage\u0000');
    const result = await cli('apply', '--auto-approve');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/mz\.lock: the lock file is damaged .*panelops state unlock mz --state-dir /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(world.emulator.state.findUser('state_user')).toBeUndefined();
  });
});
