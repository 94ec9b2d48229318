import { ACTIONS, type Action, type PanelPlan, type Plan } from '../contract/plan.ts';

export { ACTIONS };

export type ActionCounts = Record<Action, number>;

export function countActions(panels: readonly PanelPlan[]): ActionCounts {
  const counts = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as ActionCounts;
  for (const p of panels) for (const op of p.operations) counts[op.action] += 1;
  return counts;
}

/** "Plan: 3 to create, 1 to update, 2 to delete." listing only the actions present (create/update/delete always). */
export function summaryLine(plan: Plan): string {
  const c = countActions(plan.panels);
  const parts = [`${c.create} to create`];
  if (c.adopt) parts.push(`${c.adopt} to adopt`);
  parts.push(`${c.update} to update`);
  if (c.attach) parts.push(`${c.attach} to attach`);
  if (c.detach) parts.push(`${c.detach} to detach`);
  parts.push(`${c.delete} to delete`);
  const attention = attentionCount(plan.panels);
  // Never a quiet "no changes" while something waits for an operator.
  const waiting = attention ? ` ${attention} ${attention === 1 ? 'object needs' : 'objects need'} attention (see the notes).` : '';
  return `Plan: ${parts.join(', ')}.${waiting}`;
}

/** Objects panelops cannot settle by itself (notes marked `attention`). */
export function attentionCount(panels: readonly PanelPlan[]): number {
  let n = 0;
  for (const p of panels) for (const note of p.notes) if (note.attention) n += 1;
  return n;
}
