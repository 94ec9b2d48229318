import { writeFile } from 'node:fs/promises';
import type { Plan } from '../engine/types.ts';
import { writePlanFile } from '../engine/saved-plan.ts';
import { renderPlanMarkdown } from '../render/markdown-plan.ts';
import { renderPlanText } from '../render/text-plan.ts';
import type { Runtime } from './runtime.ts';

export type PlanFormat = 'text' | 'json' | 'markdown';

/** Creates with every field are noise past this many: the text lists their names only. */
const CREATE_DETAIL_LIMIT = 200;

export function renderPlan(plan: Plan, format: PlanFormat, color: boolean): string {
  if (format === 'json') return `${JSON.stringify(plan, null, 2)}\n`;
  if (format === 'markdown') return renderPlanMarkdown(plan).join('\n<!-- panelops: next comment -->\n');
  const creates = plan.panels.reduce((n, p) => n + p.operations.filter((o) => o.action === 'create').length, 0);
  return renderPlanText(plan, { color, createDetails: creates <= CREATE_DETAIL_LIMIT });
}

/**
 * Prints the plan in the chosen format. `--out FILE` saves the JSON plan for `apply FILE`;
 * for markdown, `--out` writes the comment bodies instead (FILE, FILE.2, ... when split).
 */
export async function emitPlan(rt: Runtime, plan: Plan, format: PlanFormat, out: string | undefined): Promise<void> {
  rt.stdout.write(renderPlan(plan, format, rt.color));
  if (!out) return;
  if (format === 'markdown') {
    const parts = renderPlanMarkdown(plan);
    await Promise.all(parts.map((body, i) => writeFile(i === 0 ? out : `${out}.${i + 1}`, body)));
  } else {
    await writePlanFile(out, plan);
  }
  rt.stderr.write(`Saved the plan to ${out}\n`);
}
