import type { HistoryChange, HistoryEntry } from './history-entry.ts';

const shown = (v: unknown): string => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));

const changeText = (c: HistoryChange): string => ('secret' in c ? `${c.path}: (secret changed)` : `${c.path}: ${shown(c.before)} → ${shown(c.after)}`);

/**
 * One line per operation: when, where, what, the fields (old → new), the result, and who asked
 * for it. A heal says so: its old values are what it overwrote on the panel.
 */
export function historyLine(e: HistoryEntry): string {
  const what = `${e.panel}:${e.kind}/${e.key}`;
  const action = e.cause === 'heal' ? `${e.action} (drift healed)` : e.action;
  const fields = [...e.changes.map(changeText), ...(e.members?.length ? [`members: ${e.members.join(', ')}`] : [])];
  const source = [e.revision ? `revision ${e.revision.slice(0, 12)}` : 'revision unknown', ...(e.author ? [`by ${e.author}`] : [])].join(' ');
  const result = e.result === 'succeeded' ? e.result : `${e.result}${e.reason ? ` (${e.reason})` : ''}`;
  return `${e.at}  ${what}  ${action}  ${fields.length ? `[${fields.join('; ')}]  ` : ''}${result}  ${source}, ran by ${e.actor}, run ${e.runId}`;
}

export const renderHistoryText = (entries: readonly HistoryEntry[]): string =>
  entries.length ? `${entries.map(historyLine).join('\n')}\n` : 'No history matches.\n';
