import { splitEntryKey } from '../inventory/types.ts';
import { parseDurationSeconds } from '../manifest/units.ts';
import type { HistoryQuery } from '../history/history-entry.ts';
import { renderHistoryText } from '../history/render-history.ts';
import type { StateChoice } from '../state/open-backend.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import type { Runtime } from './runtime.ts';
import { withState } from './with-state.ts';

export interface HistoryCommandOptions extends StateChoice {
  panel?: string;
  since?: string;
  format: 'text' | 'json';
}

/** `[panel:]Kind/key` as for `state`; without a panel, the object on every panel. */
export function historyQueryOf(ref: string | undefined, options: Pick<HistoryCommandOptions, 'panel' | 'since'>, now: Date): HistoryQuery {
  let panel = options.panel;
  let rest = ref;
  if (ref) {
    const colon = ref.indexOf(':');
    if (colon >= 0 && colon < ref.indexOf('/')) {
      panel = ref.slice(0, colon);
      rest = ref.slice(colon + 1);
    }
    if (!rest?.includes('/')) throw new CliError(`expected [panel:]Kind/key, got "${ref}"`);
  }
  let since: string | undefined;
  if (options.since) {
    try {
      since = new Date(now.getTime() - parseDurationSeconds(options.since) * 1000).toISOString();
    } catch (err) {
      throw new CliError(`--since: ${(err as Error).message}`);
    }
  }
  return { panel, ...(rest ? splitEntryKey(rest) : {}), since };
}

/** `panelops history`: what panelops applied, newest first, one line per operation. */
export function historyCommand(rt: Runtime, ref: string | undefined, options: HistoryCommandOptions): Promise<ExitCode> {
  const query = historyQueryOf(ref, options, new Date());
  return withState(rt, options, async (state) => {
    const entries = await state.readHistory(query);
    rt.stdout.write(options.format === 'json' ? `${JSON.stringify({ formatVersion: 1, entries }, null, 2)}\n` : renderHistoryText(entries));
    return EXIT.ok;
  });
}
