import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';
import { runCli } from '../helpers/run-cli.ts';

const STACK = /\n\s+at /;
const users = `apiVersion: marzban.panelops.io/v1
kind: User
metadata: { name: alice }
spec: { proxies: { vmess: {} } }
`;

describe('bad state and busy resources: one clear line, no stack trace', () => {
  let world: MarzbanWorld;
  beforeEach(async () => {
    world = await marzbanWorld();
    await world.write({ 'u.yaml': users });
    await mkdir(world.stateDir, { recursive: true });
  });
  afterEach(() => world.close());
  const cli = (...args: string[]) => runCli([...args, '-f', world.manifests, '--state-dir', world.stateDir], world.env);

  it('an inventory whose objects is null says so, without contradicting itself', async () => {
    await writeFile(join(world.stateDir, 'mz.json'), JSON.stringify({ formatVersion: 1, panel: 'mz', salt: 'abc', objects: null }));
    const res = await cli('plan');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('mz.json: "objects" is null, not the map of owned objects');
    expect(res.stderr).not.toContain('not an inventory of format 1 (formatVersion 1)');
    expect(res.stderr).not.toMatch(STACK);
  });

  it('an inventory entry that is a string or null is named', async () => {
    await writeFile(join(world.stateDir, 'mz.json'), JSON.stringify({ formatVersion: 1, panel: 'mz', salt: 'abc', objects: { 'User/alice': 'owned', 'User/bob': null } }));
    const res = await cli('plan');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('mz.json: objects["User/alice"] is a string, not an inventory entry');
    expect(res.stderr).not.toMatch(STACK);
  });

  it('an empty lock file gives up with the state unlock hint', async () => {
    await writeFile(join(world.stateDir, 'mz.lock'), '');
    const res = await runCli(['apply', '-f', world.manifests, '--state-dir', world.stateDir, '--auto-approve', '--lock-timeout', '1'], world.env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('The lock file is empty');
    expect(res.stderr).toContain(`panelops state unlock mz --state-dir ${world.stateDir}`);
    expect(res.stderr).not.toMatch(STACK);
  });

  it('run --listen on a busy port is one line naming the address', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    try {
      const res = await runCli(['run', '--source', world.manifests, '--state-dir', world.stateDir, '--listen', `127.0.0.1:${port}`], world.env);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`Error: cannot listen on 127.0.0.1:${port}: the address is already in use (--listen)`);
      expect(res.stderr).not.toMatch(STACK);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
