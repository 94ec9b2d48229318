import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { signBody, SIGNATURE_HEADER } from '../../controller/notify/webhook.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { spellings } from './reports.ts';

/** Canaries: the panel password (in the manifests' env) and each Notifier's secret. */
const PANEL_PASS = 'canary-Apply-Pass-5d1e';
const TG_TOKEN = '4242:canary-Tg-Token-xyz';
const HOOK_SECRET = 'canary-Hook-Secret-77';
const SLACK_TOKEN = 'canary-Slack-Token-31';
const SECRETS = [PANEL_PASS, TG_TOKEN, HOOK_SECRET, SLACK_TOKEN];

const user = (name: string, limit = '20GiB') => `apiVersion: marzban.panelops.io/v1
kind: User
metadata: { name: ${name} }
spec: { proxies: { vless: {} }, dataLimit: ${limit} }
`;
const telegram = (apiUrl: string, events: string) => `apiVersion: panelops.io/v1
kind: Notifier
metadata: { name: tg-ops }
spec:
  type: telegram
  telegram: { botToken: { env: TG_TOKEN }, chatId: 77, apiUrl: ${apiUrl} }
  events: ${events}
`;
const webhook = (name: string, events: string) => `apiVersion: panelops.io/v1
kind: Notifier
metadata: { name: ${name} }
spec:
  type: webhook
  webhook: { url: { env: HOOK_URL }, secret: { env: HOOK_SECRET } }
  events: ${events}
`;
const slack = (events: string) => `apiVersion: panelops.io/v1
kind: Notifier
metadata: { name: slack-ops }
spec:
  type: slack
  slack: { webhookUrl: { env: SLACK_URL } }
  events: ${events}
`;

describe('panelops apply --notify', () => {
  let emu: MarzbanEmulator;
  let root: { path: string; cleanup(): Promise<void> };
  const receivers: Receiver[] = [];
  const outputs: string[] = [];
  const dir = () => join(root.path, 'manifests');
  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const r = await startReceiver(...args);
    receivers.push(r);
    return r;
  };
  const apply = async (extra: string[], env: Record<string, string> = {}): Promise<CliResult> => {
    const result = await runCli(['apply', '-f', dir(), '--state-dir', join(root.path, 'state'), '--auto-approve', ...extra], {
      MZ_URL: emu.url,
      MZ_USER: 'admin',
      MZ_PASS: PANEL_PASS,
      HOOK_SECRET,
      TG_TOKEN,
      ...env,
    });
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const write = (files: Record<string, string>) => writeFiles(dir(), { 'panel.yaml': marzbanPanel(), ...files });

  beforeEach(async () => {
    emu = await startMarzbanEmulator({ seed: 5, sudo: { username: 'admin', password: PANEL_PASS } });
    root = await tempDir();
    outputs.length = 0;
  });
  afterEach(async () => {
    // Whatever each test did, no secret went out in a message, a path-less body or the CLI's output.
    const seen = [...outputs, ...receivers.flatMap((r) => r.received.map((m) => `${m.body}\n${JSON.stringify(m.headers)}`))].join('\n');
    for (const secret of SECRETS) for (const spelling of spellings(secret)) expect(seen).not.toContain(spelling);
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await emu.close();
    await root.cleanup();
  });

  it('sends nothing without --notify, then one Telegram message when apply heals drift, and revision-applied for a manifest edit', async () => {
    const bot = await receiver({ status: 200, body: '{"ok":true,"result":{}}' });
    await write({ 'users.yaml': user('drift_user'), 'notifier.yaml': telegram(bot.url, '[drift, revision-applied]') });
    expect((await apply([])).code).toBe(0);
    expect(bot.received).toHaveLength(0);

    const live = emu.state.findUser('drift_user');
    if (!live) throw new Error('apply did not create drift_user');
    live.data_limit = 5 * 2 ** 30; // someone edits the user in the panel UI
    const healed = await apply(['--notify']);
    expect(healed.code).toBe(0);
    expect(healed.stdout).toContain('drift_user');
    expect(healed.stderr).not.toContain('Notification');
    expect(emu.state.findUser('drift_user')?.data_limit).toBe(20 * 2 ** 30);
    expect(bot.received).toHaveLength(1);
    expect(bot.received[0]?.path).toBe(`/bot${TG_TOKEN}/sendMessage`);
    const sent = JSON.parse(bot.received[0]?.body ?? '{}') as { chat_id: string; text: string; parse_mode: string };
    expect(sent).toMatchObject({ chat_id: '77', parse_mode: 'HTML' });
    expect(sent.text).toContain('<b>ℹ️ Drift healed on panel mz: 1 object(s) put back as the manifests say</b>');
    expect(sent.text).toContain('• User: 1 update');
    expect(sent.text).toContain('• User/drift_user');
    expect(sent.text).toMatch(/revision <code>dir:[0-9a-f]{12}<\/code> · panel <code>mz<\/code>/);

    // Nothing left to heal: a run with nothing to tell sends nothing.
    expect((await apply(['--notify'])).code).toBe(0);
    expect(bot.received).toHaveLength(1);

    await write({ 'users.yaml': user('drift_user', '30GiB'), 'notifier.yaml': telegram(bot.url, '[drift, revision-applied]') });
    expect((await apply(['--notify'])).code).toBe(0);
    expect(bot.received).toHaveLength(2);
    expect((JSON.parse(bot.received[1]?.body ?? '{}') as { text: string }).text).toContain('New revision applied on panel mz: 1 change(s)');
  });

  it('keeps exit 3 when a guard blocks, and sends the signed guard-blocked event', async () => {
    emu.seedUsers(2, { prefix: 'legacy' });
    const hook = await receiver();
    await write({ 'users.yaml': user('legacy1'), 'notifier.yaml': webhook('hook-ops', '[guard-blocked]') });
    const result = await apply(['--notify'], { HOOK_URL: `${hook.url}/hook` });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('User/legacy1 already exists on panel mz but panelops does not own it');
    expect(result.stderr).toContain('The plan is blocked by a guard: nothing was applied.');
    expect(hook.received).toHaveLength(1);
    const [message] = hook.received;
    expect(message?.headers[SIGNATURE_HEADER]).toBe(signBody(HOOK_SECRET, message?.body ?? ''));
    expect(hook.bodies()[0]).toMatchObject({
      formatVersion: 1,
      notifier: 'hook-ops',
      event: 'guard-blocked',
      state: 'problem',
      key: 'guard-blocked:mz',
      panel: 'mz',
      title: 'A guard blocked the plan of panel mz: nothing applied there',
    });
    expect(hook.bodies()[0]?.lines).toEqual([expect.stringContaining('User/legacy1 already exists on panel mz')]);
  });

  it('keeps exit 0 when receivers answer 500 or hang, waits only --notify-timeout, and names each Notifier on stderr', async () => {
    // A proxy in front of the receiver that quotes the URL it failed on: the URL is the Slack credential.
    const failing = await receiver({ status: 500, body: '' });
    failing.answerNext(...Array.from({ length: 6 }, () => ({ status: 500, body: `bad gateway for ${failing.url}/services/${SLACK_TOKEN}` })));
    const hanging = await receiver('hang');
    await write({ 'users.yaml': user('new_user'), 'slack.yaml': slack('[revision-applied]'), 'hook.yaml': webhook('hook-ops', '[revision-applied]') });
    const started = performance.now();
    const result = await apply(['--notify', '--notify-timeout', '2'], { SLACK_URL: `${failing.url}/services/${SLACK_TOKEN}`, HOOK_URL: `${hanging.url}/hook` });
    const seconds = (performance.now() - started) / 1000;
    expect(result.code).toBe(0);
    expect(emu.state.findUser('new_user')).toBeDefined();
    expect(result.stdout).toContain('new_user');
    expect(seconds).toBeGreaterThanOrEqual(2);
    expect(seconds).toBeLessThan(10);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('Notification not delivered'));
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual(expect.stringMatching(/^Notification not delivered: Notifier slack-ops, revision-applied on panel mz: not delivered within 2s \(--notify-timeout\); last attempt: HTTP 500: bad gateway for \[redacted\]$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Notification not delivered: Notifier hook-ops, revision-applied on panel mz: not delivered within 2s \(--notify-timeout\)(; last attempt: request failed: no answer within \d+ ms)?$/));
    expect(failing.received.length).toBeGreaterThanOrEqual(2); // retried while there was time
    expect(hanging.received).toHaveLength(1);
  });

  it('keeps exit 1 when the panel is down, and sends panel-down', async () => {
    const hook = await receiver();
    await write({ 'users.yaml': user('unreached_user'), 'notifier.yaml': webhook('hook-ops', '[panel-down]') });
    await emu.close();
    const result = await apply(['--notify'], { HOOK_URL: `${hook.url}/hook` });
    emu = await startMarzbanEmulator({ seed: 5 }); // afterEach closes it
    expect(result.code).toBe(1);
    expect(hook.bodies()).toEqual([expect.objectContaining({ event: 'panel-down', state: 'problem', panel: 'mz', title: 'Panel mz cannot be read: nothing planned or pruned there' })]);
    expect(result.stderr).not.toContain('Notification not delivered');
  });

  it('warns when --notify finds no Notifier document, and leaves the exit code alone', async () => {
    await write({ 'users.yaml': user('quiet_user') });
    const result = await apply(['--notify']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Warning: --notify, but there is no Notifier document in ${dir()}: no notification sent.`);
    expect(emu.state.findUser('quiet_user')).toBeDefined();
  });
});
