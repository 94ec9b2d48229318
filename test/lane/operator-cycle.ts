import type { LaneAdapter, LaneContext } from './adapter.ts';
import { snapshotDifference } from './compare.ts';
import { laneWorld } from './world.ts';

const fail = (step: string, r: { code: number | null; stdout: string; stderr: string }): never => {
  throw new Error(`${step}: exit ${r.code}\n${(r.stdout + r.stderr).trim().split('\n').slice(0, 30).join('\n')}`);
};

/**
 * The operator cycle as a person runs it on a live panel: objects made through the panel's own
 * API, `import` narrowed to them, `plan` (exit 0), an edit, `apply`, `plan` (exit 0); then the
 * panel is read back through its API: what was edited changed as asked, nothing else moved.
 */
export async function operatorCycle(adapter: LaneAdapter, ctx: LaneContext): Promise<void> {
  await adapter.cycle.seed(ctx);
  const before = await adapter.snapshot(ctx.api, ctx.prefix, ctx.target);
  if (Object.keys(before).length === 0) throw new Error('seed: nothing on the panel under the prefix');
  const world = await laneWorld(adapter, ctx.target);
  try {
    await world.write({});
    const imported = await world.importNarrowed(adapter.cycle.selectors(ctx.prefix));
    if (imported.code !== 0) fail('import', imported);
    const first = await world.plan();
    if (first.code !== 0) fail('plan after import (expected exit 0)', first);
    const unmoved = snapshotDifference(before, await adapter.snapshot(ctx.api, ctx.prefix, ctx.target));
    if (unmoved) throw new Error(`import and plan moved the panel: ${unmoved}`);

    const expected = await adapter.cycle.edit(world.manifests, ctx);
    const planned = await world.plan();
    if (planned.code !== 2) fail('plan after the edit (expected exit 2)', planned);
    const applied = await world.apply({ allowDeletes: 10 });
    if (applied.code !== 0) fail('apply', applied);
    const again = await world.plan();
    if (again.code !== 0) fail('plan after apply (expected exit 0)', again);

    const d = snapshotDifference(before, await adapter.snapshot(ctx.api, ctx.prefix, ctx.target), expected);
    if (d) throw new Error(`read back after apply: ${d}`);
  } finally {
    await world.close();
  }
}
