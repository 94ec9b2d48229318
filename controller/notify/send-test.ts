import type { NotifierConfig } from '../manifest/notifier-kind.ts';
import { makeRedactor } from '../shared/redact.ts';
import { channelFor } from './channels.ts';
import type { NotifyMessage } from './events.ts';

export interface TestResult {
  notifier: string;
  ok: boolean;
  /** Why it failed, without any of the Notifier's secrets. */
  error?: string;
}

/**
 * One test message through a Notifier, in one attempt, so an operator sees at once whether the
 * token, chat, URL or signature is right (`panelops notify test`).
 */
export async function sendTestMessage(config: NotifierConfig, options: { timeoutMs?: number; now?: Date } = {}): Promise<TestResult> {
  const message: NotifyMessage = {
    notifier: config.name,
    state: 'info',
    event: 'test',
    key: 'test',
    title: `Test message from panelops: Notifier ${config.name} is set up`,
    lines: [`Events sent here: ${config.events.join(', ')}`, `Panels: ${config.panels.join(', ')}`],
    revision: 'none (panelops notify test)',
    at: (options.now ?? new Date()).toISOString(),
    ...(config.statusUrl ? { statusUrl: config.statusUrl } : {}),
  };
  try {
    await channelFor(config.target, { timeoutMs: options.timeoutMs ?? 10_000 }).send(message);
    return { notifier: config.name, ok: true };
  } catch (err) {
    return { notifier: config.name, ok: false, error: makeRedactor(config.secrets)(err instanceof Error ? err.message : String(err)) };
  }
}
