import { sendTestMessage } from '../notify/send-test.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import { loadOrFail, type Runtime } from './runtime.ts';

/** `panelops notify test`: one test message through each Notifier (or the one named); exit 1 if any fails. */
export async function notifyTestCommand(rt: Runtime, dir: string, name?: string): Promise<ExitCode> {
  const set = await loadOrFail(rt, dir);
  const chosen = name ? set.notifiers.filter((n) => n.name === name) : set.notifiers;
  if (chosen.length === 0) {
    throw new CliError(name ? `no Notifier "${name}" in ${set.dir} (defined: ${set.notifiers.map((n) => n.name).join(', ') || 'none'})` : `no Notifier document in ${set.dir}`);
  }
  const results = await Promise.all(chosen.map((n) => sendTestMessage(n)));
  for (const r of results) rt.stdout.write(r.ok ? `${r.notifier}: sent\n` : `${r.notifier}: failed: ${r.error ?? 'unknown error'}\n`);
  return results.every((r) => r.ok) ? EXIT.ok : EXIT.error;
}
