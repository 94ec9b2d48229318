import type { MessageState, NotifyMessage } from './events.ts';

const MARK: Record<MessageState, string> = { problem: '🔴', update: '🔴', reminder: '⏰', resolved: '✅', info: 'ℹ️' };

/** The first line every provider shows: a mark for the state, then the title. */
export function headline(m: NotifyMessage): string {
  const still = m.state === 'reminder' && m.since ? `Still open since ${m.since}: ` : '';
  return `${MARK[m.state]} ${still}${m.title}`;
}

/** The facts every message ends with: revision, panel, and where to look. */
export function footerParts(m: NotifyMessage): { label: string; value: string }[] {
  return [{ label: 'revision', value: m.revision }, ...(m.panel ? [{ label: 'panel', value: m.panel }] : [])];
}

/** Cuts a text to a provider's limit, saying so. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 2)} …`;
}
