import type { NotifierConfig } from '../manifest/notifier-kind.ts';
import type { Findings } from './events.ts';

const globToRegExp = (glob: string): RegExp => new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

/**
 * The part of a reconcile's findings one Notifier asked for: its events, on its panels.
 * Events about no panel (an invalid revision) are not filtered by panel.
 */
export function selectFor(notifier: Pick<NotifierConfig, 'events' | 'panels'>, findings: Findings): Findings {
  const panels = notifier.panels.map(globToRegExp);
  const wanted = new Set(notifier.events);
  return {
    events: findings.events.filter((e) => wanted.has(e.event) && (e.panel === undefined || panels.some((p) => p.test(e.panel!)))),
    evaluated: findings.evaluated,
  };
}
