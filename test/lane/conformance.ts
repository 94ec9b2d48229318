import type { LaneAdapter, LaneContext, Snapshot } from './adapter.ts';
import type { LaneWorld } from './world.ts';

/**
 * Create, update and delete from manifests, each step converging (plan 2, apply 0, plan 0) and
 * then read back through the panel's own API. Steps run in order on one world.
 */
export interface ConformanceStep {
  name: string;
  run(world: LaneWorld, ctx: LaneContext, previous: Snapshot): Promise<Snapshot>;
}

async function converge(world: LaneWorld, files: Record<string, string>): Promise<void> {
  await world.write(files);
  const plan = await world.plan();
  if (plan.code !== 2) throw new Error(`plan: expected exit 2, got ${plan.code}\n${plan.stdout}${plan.stderr}`);
  const applied = await world.apply({ allowDeletes: 5 });
  if (applied.code !== 0) throw new Error(`apply: exit ${applied.code}\n${applied.stdout}${applied.stderr}`);
  const again = await world.plan();
  if (again.code !== 0) throw new Error(`plan after apply: expected exit 0, got ${again.code}\n${again.stdout}${again.stderr}`);
}

export function conformanceSteps(adapter: LaneAdapter): ConformanceStep[] {
  const c = adapter.conformance;
  const step = (name: string, files: (ctx: LaneContext) => Record<string, string>, check: (before: Snapshot, after: Snapshot, ctx: LaneContext) => string | undefined): ConformanceStep => ({
    name,
    async run(world, ctx, previous) {
      await converge(world, files(ctx));
      const after = await adapter.snapshot(ctx.api, ctx.prefix, ctx.target);
      const d = check(previous, after, ctx);
      if (d) throw new Error(`read back: ${d}`);
      return after;
    },
  });
  return [
    step('creates from manifests', c.create, (_b, a, ctx) => c.created(a, ctx)),
    step('updates in place', c.update, c.updated),
    step('deletes what its manifest no longer names', c.remove, c.removed),
  ];
}
