import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const TOKEN = '999:canary-Cli-Token-abc';
const notifier = (apiUrl: string) => `apiVersion: panelops.io/v1
kind: Notifier
metadata: { name: tg }
spec:
  type: telegram
  telegram: { botToken: { env: TG_TOKEN }, chatId: 77, apiUrl: ${apiUrl} }
`;

describe('panelops notify test', () => {
  let bot: Receiver;
  let root: { path: string; cleanup(): Promise<void> };
  const env = () => ({ MZ_URL: 'http://127.0.0.1:9', MZ_USER: 'admin', MZ_PASS: 'pass-1234', TG_TOKEN: TOKEN });
  const write = (apiUrl: string) => writeFiles(root.path, { 'panel.yaml': marzbanPanel(), 'notifier.yaml': notifier(apiUrl) });

  beforeAll(async () => {
    bot = await startReceiver({ status: 200, body: '{"ok":true,"result":{}}' });
    root = await tempDir();
  });
  afterAll(async () => {
    await bot.close();
    await root.cleanup();
  });

  it('sends one test message through the named Notifier and exits 0', async () => {
    await write(bot.url);
    const result = await runCli(['notify', 'test', '-f', root.path, '--notifier', 'tg'], env());
    expect(result.stdout).toBe('tg: sent\n');
    expect(result.code).toBe(0);
    expect(bot.received).toHaveLength(1);
    expect(bot.received[0]?.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect((JSON.parse(bot.received[0]?.body ?? '{}') as { text: string }).text).toContain('Notifier tg is set up');
  });

  it('exits 1 naming the failure, without the token, when the Bot API refuses', async () => {
    bot.answerNext({ status: 401, body: `{"ok":false,"error_code":401,"description":"Unauthorized ${TOKEN}"}` });
    const result = await runCli(['notify', 'test', '-f', root.path], env());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^tg: failed: HTTP 401: Unauthorized \[redacted\]\n$/);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('names the Notifiers there are when the one asked for is not', async () => {
    const result = await runCli(['notify', 'test', '-f', root.path, '--notifier', 'slack'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no Notifier "slack"');
    expect(result.stderr).toContain('(defined: tg)');
  });

  it('keeps a Slack webhook\'s path out of the output when the receiver echoes only the path', async () => {
    const hookPath = '/services/T0CANARY/B0CANARY/canarySlackPathToken42';
    await writeFiles(root.path, {
      'panel.yaml': marzbanPanel(),
      'notifier.yaml': 'apiVersion: panelops.io/v1\nkind: Notifier\nmetadata: { name: chat }\nspec:\n  type: slack\n  slack: { webhookUrl: { env: SLACK_URL } }\n',
    });
    bot.answerNext({ status: 404, body: `no_service: ${hookPath} (token canarySlackPathToken42)` });
    const result = await runCli(['notify', 'test', '-f', root.path], { ...env(), SLACK_URL: `${bot.url}${hookPath}` });
    expect(result.code).toBe(1);
    expect(bot.received.at(-1)?.path).toBe(hookPath);
    expect(result.stdout).toMatch(/^chat: failed: HTTP 404: .*\[redacted\]/);
    for (const part of [hookPath, 'canarySlackPathToken42', 'T0CANARY/B0CANARY']) expect(result.stdout + result.stderr).not.toContain(part);
  });
});
