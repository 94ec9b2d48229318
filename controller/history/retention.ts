import { parseDurationSeconds } from '../manifest/units.ts';

/** How long history is kept unless PANELOPS_HISTORY_RETENTION says otherwise. */
export const DEFAULT_RETENTION_DAYS = 180;

/**
 * The oldest time history keeps, from PANELOPS_HISTORY_RETENTION (`180d`, `26w`; `0` keeps
 * everything). Pruning drops history lines only: the inventory is never touched by it.
 */
export function pruneBefore(env: NodeJS.ProcessEnv, now: Date): string | undefined {
  const setting = env.PANELOPS_HISTORY_RETENTION?.trim();
  const seconds = setting ? parseDurationSeconds(/^\d+$/.test(setting) ? `${setting}d` : setting) : DEFAULT_RETENTION_DAYS * 86_400;
  return seconds > 0 ? new Date(now.getTime() - seconds * 1000).toISOString() : undefined;
}
