import { styleText } from 'node:util';
import type { ChangeSet } from '../engine/types.ts';

/** The apply summary: counts by result, then every failure and skip with its reason. */
export function renderChangeSetText(changes: ChangeSet, options: { color: boolean }): string {
  const paint = (style: Parameters<typeof styleText>[0], s: string) => (options.color ? styleText(style, s) : s);
  const counts = { succeeded: 0, failed: 0, skipped: 0 };
  for (const e of changes.entries) counts[e.result] += 1;
  const lines: string[] = [];
  for (const e of changes.entries) {
    if (e.result === 'succeeded') continue;
    const { panel, kind, key, action } = e.operation;
    const style = e.result === 'failed' ? 'red' : 'yellow';
    lines.push(paint(style, `${e.result}: ${panel} ${kind}/${key} ${action}${e.reason ? `: ${e.reason}` : ''}`));
  }
  const seconds = (Date.parse(changes.finishedAt) - Date.parse(changes.startedAt)) / 1000;
  const summary = `Apply complete: ${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.skipped} skipped in ${seconds.toFixed(1)} s.`;
  lines.push(counts.failed ? paint('red', summary) : paint('green', summary));
  return `${lines.join('\n')}\n`;
}
