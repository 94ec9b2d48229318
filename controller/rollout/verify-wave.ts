import type { ConnectDeps } from '../engine/connect.ts';
import { makePlan, type PlanOptions } from '../engine/make-plan.ts';
import type { ManifestSet } from '../manifest/load.ts';

/**
 * Plans a wave's panels again once it is applied, with the run's own options (target, allowed
 * deletes): a panel checks out when it can be read, nothing blocks it and it plans empty.
 * Returns what is wrong, nothing when the wave is good.
 */
export async function verifyWave(manifests: ManifestSet, deps: ConnectDeps, options: PlanOptions, panels: readonly string[]): Promise<string[]> {
  const run = await makePlan(manifests, deps, { ...options, onlyPanels: new Set(panels) });
  await Promise.all([...run.contexts.values()].map((c) => c.connection.session.close?.()));
  const problems: string[] = [];
  for (const p of run.plan.panels.filter((x) => panels.includes(x.panel))) {
    if (p.error) problems.push(`panel ${p.panel} cannot be read after the apply: ${p.error}`);
    else if (p.guards.length) problems.push(`panel ${p.panel} is blocked by a guard: ${p.guards.map((g) => g.message).join('; ')}`);
    else if (p.operations.length) problems.push(`panel ${p.panel} still plans ${p.operations.length} change(s) after the apply (${p.operations.slice(0, 3).map((o) => `${o.action} ${o.kind}/${o.key}`).join(', ')})`);
  }
  return problems;
}
