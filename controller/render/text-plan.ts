import { styleText } from 'node:util';
import type { Action, PanelPlan, Plan, PlannedOperation } from '../engine/types.ts';
import { summaryLine } from './counts.ts';
import { formatChange } from './format-value.ts';

export interface TextOptions {
  color: boolean;
  /** Print field details of creates (off for huge plans keeps output readable). */
  createDetails?: boolean;
}

const SYMBOL: Record<Action, string> = { create: '+', adopt: '*', update: '~', attach: '>', detach: '<', delete: '-' };
const COLOR: Record<Action, Parameters<typeof styleText>[0]> = {
  create: 'green', adopt: 'cyan', update: 'yellow', attach: 'cyan', detach: 'magenta', delete: 'red',
};

/** Terraform-shaped text: grouped by panel, then kind; a summary line last. */
export function renderPlanText(plan: Plan, options: TextOptions): string {
  const paint = (style: Parameters<typeof styleText>[0], s: string) => (options.color ? styleText(style, s) : s);
  const lines: string[] = [];
  for (const warning of plan.warnings) lines.push(paint('yellow', `Warning: ${warning}`));
  for (const panel of plan.panels) lines.push(...renderPanel(panel, options, paint), '');
  lines.push(summaryLine(plan));
  return `${lines.join('\n')}\n`;
}

type Paint = (style: Parameters<typeof styleText>[0], s: string) => string;

function renderPanel(panel: PanelPlan, options: TextOptions, paint: Paint): string[] {
  const lines = [paint('bold', `Panel ${panel.panel} (${panel.type}, ${panel.mode})`)];
  const s = panel.subscribers;
  if (s) lines.push(`  subscribers: ${s.inSync} in sync, ${s.pending} pending, ${s.refused} refused`);
  if (panel.error) return [...lines, paint('red', `  ✖ not observed: ${panel.error}`), '  nothing is planned for this panel'];
  for (const guard of panel.guards) lines.push(paint('red', `  ✖ blocked (${guard.guard}): ${guard.message}`));
  let kind = '';
  for (const op of panel.operations) {
    if (op.kind !== kind) lines.push(`  ${op.kind}`);
    kind = op.kind;
    lines.push(...renderOperation(op, options, paint));
  }
  if (panel.operations.length === 0 && panel.guards.length === 0) lines.push('  no changes');
  for (const note of panel.notes) lines.push(paint('dim', `  note: ${note.kind}/${note.key}: ${note.message}`));
  const managed = Object.entries(panel.managed).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
  const unmanaged = Object.entries(panel.unmanaged).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
  if (managed) lines.push(paint('dim', `  managed: ${managed}`));
  if (unmanaged) lines.push(paint('dim', `  unmanaged (left alone): ${unmanaged}`));
  return lines;
}

function renderOperation(op: PlannedOperation, options: TextOptions, paint: Paint): string[] {
  const members = op.members?.length ? ` [${op.members.join(', ')}]` : '';
  const head = paint(COLOR[op.action], `    ${SYMBOL[op.action]} ${op.key}${members}`) + (op.action === 'adopt' ? ' (adopt)' : '');
  const lines = [head];
  if (op.action === 'attach' || op.action === 'detach') return lines;
  if (op.action === 'create' && options.createDetails === false) return lines;
  if (op.action === 'delete') return lines;
  const mode = op.action === 'create' ? 'create' : 'update';
  for (const change of op.changes) for (const line of formatChange(change, mode)) lines.push(`        ${line}`);
  return lines;
}
