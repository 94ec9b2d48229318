import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { LaneContext } from '../adapter.ts';
import { snapshotDifference } from '../compare.ts';
import { rawCall } from '../http.ts';
import { laneWorld } from '../world.ts';
import { pasarGuardAdapter } from './index.ts';
import { ADMIN_PASSWORD, NODE_KEY } from './seed.ts';

/** Every file under `dir`, as one string (to look for a secret that must not be there). */
async function allText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return (await Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')))).join('\n');
}

/**
 * The operator cycle of the lane (cycle.ts), with what only a run in-process can see: the node's
 * key (answered in clear by the panel, §10) and the admin's password are in no plan, apply
 * output, log or state file, and the admin's token outlives an apply that left its password alone.
 */
export async function secretKeepingCycle(ctx: LaneContext): Promise<void> {
  const { api, prefix: p, target } = ctx;
  await pasarGuardAdapter.cycle.seed(ctx);
  const before = await pasarGuardAdapter.snapshot(api, p, target);
  const world = await laneWorld(pasarGuardAdapter, target);
  try {
    await world.write({});
    const imported = await world.importNarrowed(pasarGuardAdapter.cycle.selectors(p));
    expect(imported.code, imported.stderr).toBe(0);
    const first = await world.plan();
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const login = await rawCall(`${target.url}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username: `${p}adm`, password: ADMIN_PASSWORD }) });
    const token = (login.body as { access_token: string }).access_token;

    const expected = await pasarGuardAdapter.cycle.edit(world.manifests, ctx);
    const planned = await world.plan();
    expect(planned.code, planned.stdout + planned.stderr).toBe(2);
    const applied = await world.apply({ allowDeletes: 10 });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const again = await world.plan();
    expect(again.code, again.stdout + again.stderr).toBe(0);

    expect(snapshotDifference(before, await pasarGuardAdapter.snapshot(api, p, target), expected)).toBeUndefined();
    expect((await rawCall(`${target.url}/api/admin`, { method: 'GET', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    for (const text of [imported.stdout, first.stdout, planned.stdout, applied.stdout, applied.stderr, applied.logs, again.stdout, await allText(world.manifests), await allText(world.stateDir)]) {
      expect(text).not.toContain(NODE_KEY);
      expect(text).not.toContain(ADMIN_PASSWORD);
    }
  } finally {
    await world.close();
  }
}
