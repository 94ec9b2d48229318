import { writeFile } from 'node:fs/promises';
import type { Plan } from '../engine/types.ts';
import { writePlanFile } from '../engine/saved-plan.ts';
import { renderPlanMarkdown, type MarkdownOptions } from '../render/markdown-plan.ts';
import { renderPlanText } from '../render/text-plan.ts';
import type { Runtime } from './runtime.ts';

export type PlanFormat = 'text' | 'json' | 'markdown';

/** Creates with every field are noise past this many: the text lists their names only. */
const CREATE_DETAIL_LIMIT = 200;

export function renderPlan(plan: Plan, format: PlanFormat, color: boolean, markdown: MarkdownOptions = {}): string {
  if (format === 'json') return `${JSON.stringify(plan, null, 2)}\n`;
  if (format === 'markdown') return renderPlanMarkdown(plan, undefined, markdown).join('\n<!-- panelops: next comment -->\n');
  const creates = plan.panels.reduce((n, p) => n + p.operations.filter((o) => o.action === 'create').length, 0);
  return renderPlanText(plan, { color, createDetails: creates <= CREATE_DETAIL_LIMIT });
}

/**
 * One behaviour per format. text and json: the plan on stdout; `--out FILE` also saves the
 * JSON plan, the one `apply FILE` applies. markdown: the pull-request comment on stdout, or,
 * with `--out FILE`, only in FILE (FILE.2, ... when split), which is for reading, not for apply.
 */
export async function emitPlan(rt: Runtime, plan: Plan, format: PlanFormat, out: string | undefined, markdown: MarkdownOptions = {}): Promise<void> {
  if (format === 'markdown' && out) {
    const parts = renderPlanMarkdown(plan, undefined, markdown);
    const files = parts.map((_, i) => (i === 0 ? out : `${out}.${i + 1}`));
    await Promise.all(parts.map((body, i) => writeFile(files[i] ?? out, body)));
    rt.stderr.write(`Wrote the pull-request comment to ${files.join(', ')} (for reading; to save a plan that apply can run, use --out with --format text or json)\n`);
    return;
  }
  rt.stdout.write(renderPlan(plan, format, rt.color, markdown));
  if (!out) return;
  await writePlanFile(out, plan);
  rt.stderr.write(`Saved the plan to ${out}: "panelops apply ${out}" applies exactly these operations, or refuses if anything they touch has moved\n`);
}
