import { parseTargets } from './target.ts';
import type { PlanRun } from './make-plan.ts';

/**
 * Warnings for a targeted plan: that targeting is in effect (objects outside it are neither
 * changed nor pruned, so the plan is not the whole picture), and each selector that matched
 * no manifest, no live object and no owned object: most often a typo (`Usr/x`, `user/x`).
 */
export function targetWarnings(run: PlanRun, selectors: readonly string[]): string[] {
  if (selectors.length === 0) return [];
  const refs: Array<[string, string, string]> = [];
  for (const [panel, ctx] of run.contexts) {
    for (const d of ctx.desired) refs.push([panel, d.kind, d.key]);
    for (const [kind, list] of ctx.observed) for (const o of list) refs.push([panel, kind, o.key]);
    for (const kind of ctx.inventory.kinds()) for (const key of ctx.inventory.keys(kind)) refs.push([panel, kind, key]);
  }
  const out = [`targeting is in effect (--target ${selectors.join(' ')}): objects outside it are neither changed nor pruned, so this plan may not show everything that differs`];
  for (const selector of selectors) {
    const matches = parseTargets([selector]);
    if (matches && !refs.some(([p, k, key]) => matches(p, k, key))) out.push(`--target ${selector} matched no object (kinds are case-sensitive, e.g. User/alice)`);
  }
  return out;
}
