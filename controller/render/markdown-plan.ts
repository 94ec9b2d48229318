import type { PanelPlan, Plan } from '../engine/types.ts';
import { ACTIONS, countActions, summaryLine } from './counts.ts';
import { renderPlanText } from './text-plan.ts';

/** GitHub rejects comments over 65,536 characters; stay well below. */
export const MARKDOWN_LIMIT = 60_000;

export interface MarkdownOptions {
  /** The commit the plan was made from, named under the heading. */
  revision?: string | undefined;
  /**
   * Ids of operations that only put back what changed on the panel outside git (their manifest
   * is the one last applied): shown apart from the change's own operations.
   */
  outsideGit?: ReadonlySet<string> | undefined;
}

/**
 * Markdown for a pull-request comment: a summary table, then each panel's changes in a
 * collapsed <details> block whose title carries its counts; drift apart from the change's own
 * operations when known. Returns one or more comments, each under MARKDOWN_LIMIT.
 */
export function renderPlanMarkdown(plan: Plan, limit = MARKDOWN_LIMIT, options: MarkdownOptions = {}): string[] {
  const header = [
    '### panelops plan',
    '',
    ...(options.revision ? [`Planned at commit \`${options.revision}\`.`, ''] : []),
    `| panel | ${ACTIONS.join(' | ')} | status |`,
    `|---|${ACTIONS.map(() => '---:').join('|')}|---|`,
    ...plan.panels.map((p) => {
      const c = countActions([p]);
      const status = p.error ? '❌ not observed' : p.guards.length ? `⛔ blocked: ${p.guards.map((g) => g.guard).join(', ')}` : p.mode === 'observe' ? 'observe only' : '✅';
      return `| ${p.panel} | ${ACTIONS.map((a) => c[a]).join(' | ')} | ${status} |`;
    }),
    '',
    `**${summaryLine(plan)}**`,
    ...plan.warnings.map((w) => `> ⚠️ ${w}`),
    '',
  ].join('\n');

  const outside = options.outsideGit ?? new Set<string>();
  const split = plan.panels.some((p) => p.operations.some((op) => outside.has(op.id)));
  const section = (p: PanelPlan) => {
    const body = renderPlanText({ ...plan, warnings: [], panels: [p] }, { color: false }).trimEnd().split('\n').slice(0, -1).join('\n');
    return { title: sectionTitle(p), body };
  };
  if (!split) return pack(header, plan.panels.map(section), limit);
  const own = plan.panels.map((p) => section({ ...p, operations: p.operations.filter((op) => !outside.has(op.id)) }));
  const drift = plan.panels
    .filter((p) => p.operations.some((op) => outside.has(op.id)))
    .map((p) => section({ ...p, operations: p.operations.filter((op) => outside.has(op.id)), notes: [], guards: [] }));
  const heading = (text: string) => (s: { title: string; body: string }, i: number) => (i === 0 ? { ...s, before: `#### ${text}\n\n` } : s);
  return pack(header, [...own.map(heading("This change's own changes")), ...drift.map(heading('Changed outside git (drift): these objects differ from manifests this change leaves as they are'))], limit);
}

/** "eu-1: 3 to create, 1 to update": a collapsed section says what it holds. */
function sectionTitle(p: PanelPlan): string {
  if (p.error) return `${p.panel}: not observed`;
  const counts = countActions([p]);
  const parts = ACTIONS.filter((a) => counts[a] > 0).map((a) => `${counts[a]} to ${a}`);
  const blocked = p.guards.length ? ` (blocked: ${p.guards.map((g) => g.guard).join(', ')})` : '';
  return `${p.panel}: ${parts.join(', ') || 'no changes'}${blocked}`;
}

function details(title: string, body: string, part?: number): string {
  const suffix = part ? ` (part ${part})` : '';
  return `<details><summary>${title}${suffix}</summary>\n\n\`\`\`diff\n${body}\n\`\`\`\n\n</details>\n`;
}

/** Fills comments section by section; a section too big for one comment is cut at line ends. */
function pack(header: string, sections: Array<{ title: string; body: string; before?: string }>, limit: number): string[] {
  const comments: string[] = [];
  let current = header;
  const room = limit - 200;
  const push = (block: string) => {
    if (current.length + block.length > room && current.length > 0) {
      comments.push(current);
      current = '';
    }
    current += block;
  };
  for (const section of sections) {
    if (section.before) push(section.before);
    const whole = details(section.title, section.body);
    if (whole.length <= room) {
      push(whole);
      continue;
    }
    let chunk: string[] = [];
    let size = 0;
    let part = 1;
    for (const line of section.body.split('\n')) {
      if (size + line.length + 1 > room - 300 && chunk.length) {
        push(details(section.title, chunk.join('\n'), part++));
        chunk = [];
        size = 0;
      }
      chunk.push(line.length > room - 300 ? `${line.slice(0, room - 301)}…` : line);
      size += line.length + 1;
    }
    if (chunk.length) push(details(section.title, chunk.join('\n'), part));
  }
  if (current) comments.push(current);
  // The hidden marker lets a workflow find its own comments and update them in place (one per
  // pull request, as Atlantis and tfcmt do) instead of adding new ones on every push.
  return comments.map((c, i) => `${planCommentMarker(i + 1)}\n${c}${comments.length > 1 ? `\n_comment ${i + 1} of ${comments.length}_\n` : ''}`);
}

/** `<!-- panelops-plan part=N -->`: the first line of each plan comment. */
export const planCommentMarker = (part: number): string => `<!-- panelops-plan part=${part} -->`;
