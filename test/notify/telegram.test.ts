import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Notifications } from '../../controller/notify/notifications.ts';
import { telegramText } from '../../controller/notify/telegram.ts';
import { silentLogger } from '../../controller/shared/logger.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { downPlan, healthyPlan, manifestsWith, PANEL_CANARY, panelPlan, plan, report, spellings } from './reports.ts';

const TOKEN = '123456:canary-Bot-Token-xyz';
const ok = { status: 200, body: '{"ok":true,"result":{"message_id":1}}' };
const notifier = (apiUrl: string) => `apiVersion: panelops.io/v1
kind: Notifier
metadata: { name: ops-telegram }
spec:
  type: telegram
  telegram: { botToken: { env: TG_TOKEN }, chatId: -1001234, threadId: 42, apiUrl: ${apiUrl} }
  statusUrl: https://panelops.example.com/status?x=1&y=2
`;

interface SendMessage {
  chat_id: string;
  message_thread_id?: number;
  text: string;
  parse_mode: string;
}

describe('telegram: the Bot API sendMessage over loopback', () => {
  let bot: Receiver;
  let slept: number[];
  let notifications: Notifications;
  const manifests = () => manifestsWith(notifier(bot.url), { TG_TOKEN: TOKEN });
  const sent = () => bot.bodies() as unknown as SendMessage[];

  beforeEach(async () => {
    bot = await startReceiver(ok);
    slept = [];
    notifications = new Notifications({ logger: silentLogger(), delivery: { sleep: async (ms) => void slept.push(ms), minIntervalMs: 0 } });
  });
  afterEach(() => bot.close());

  it('posts HTML with the panel, the revision and the /status link, everything escaped', async () => {
    notifications.afterReconcile(report(await manifests(), { revision: 'abc<1>', plan: downPlan('refused: <html> & "quotes"') }));
    await notifications.drain(5_000);
    expect(bot.received[0]?.path).toBe(`/bot${TOKEN}/sendMessage`);
    const [message] = sent();
    expect(message).toMatchObject({ chat_id: '-1001234', message_thread_id: 42, parse_mode: 'HTML' });
    expect(message?.text).toBe(
      [
        '<b>🔴 Panel mz cannot be read: nothing planned or pruned there</b>',
        '• refused: &lt;html&gt; &amp; &quot;quotes&quot;',
        'revision <code>abc&lt;1&gt;</code> · panel <code>mz</code> · <a href="https://panelops.example.com/status?x=1&amp;y=2">status</a>',
      ].join('\n'),
    );
  });

  it('waits exactly the retry_after of a 429 before sending again, and sends once', async () => {
    bot.answerNext({ status: 429, body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}' });
    notifications.afterReconcile(report(await manifests(), { plan: downPlan() }));
    await notifications.drain(5_000);
    expect(slept).toEqual([3_000]);
    expect(bot.received).toHaveLength(2);
    expect(bot.received[0]?.body).toBe(bot.received[1]?.body);
  });

  it('keeps its pace: one message a second per chat unless told otherwise', async () => {
    const paced = new Notifications({ logger: silentLogger(), delivery: { minIntervalMs: 300 } });
    const m = await manifests();
    paced.afterReconcile(report(m, { plan: downPlan() }));
    paced.afterReconcile(report(m, { plan: healthyPlan() }));
    await paced.drain(5_000);
    const [first, second] = bot.received;
    expect(bot.received).toHaveLength(2);
    // The pace counts from when a send starts; arrival lags the start by the first request's latency.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(200);
  });

  it('never sends the bot token or a panel secret in a message', async () => {
    notifications.afterReconcile(report(await manifests(), { plan: downPlan(`token ${TOKEN} password ${PANEL_CANARY}`) }));
    await notifications.drain(5_000);
    for (const secret of [TOKEN, PANEL_CANARY]) for (const form of spellings(secret)) expect(bot.received[0]?.body).not.toContain(form);
  });

  it('stays under 4096 characters with whole lines, however long the details', () => {
    const text = telegramText({ notifier: 'n', state: 'problem', event: 'drift', key: 'drift:mz', title: 't', lines: Array.from({ length: 400 }, (_, i) => `line ${i} & <more>`), revision: 'r', at: '' });
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toMatch(/• and \d+ more line\(s\)\nrevision/);
    expect(text).not.toMatch(/&[a-z]*\n|<[^>]*\n/);
  });

  it('a 400 (chat not found) is not retried', async () => {
    bot.answerNext({ status: 400, body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}' });
    notifications.afterReconcile(report(await manifests(), { plan: plan(panelPlan({ guards: [{ panel: 'mz', guard: 'max-deletes', message: 'too many deletes' }] })) }));
    await notifications.drain(5_000);
    expect(bot.received).toHaveLength(1);
    expect(slept).toEqual([]);
  });
});
