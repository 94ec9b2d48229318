import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Notifications } from '../../controller/notify/notifications.ts';
import { silentLogger } from '../../controller/shared/logger.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { changeSet, manifestsWith, op, PANEL_CANARY, panelPlan, plan, report, spellings } from './reports.ts';

const HOOK_PATH = '/services/T000/B000/canarySlackPath123';
const notifier = `apiVersion: panelops.io/v1
kind: Notifier
metadata: { name: ops-slack }
spec:
  type: slack
  slack: { webhookUrl: { env: SLACK_WEBHOOK } }
  events: [apply-failed]
  panels: [m*]
  statusUrl: https://panelops.example.com/status
`;

interface Block {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; text: string }[];
}

describe('slack: an incoming webhook over loopback', () => {
  let slack: Receiver;
  let slept: number[];
  let notifications: Notifications;
  const failedApply = async (reason: string) => {
    const ops = [op('User', 'alice', 'update'), op('User', 'bob', 'create')];
    return report(await manifestsWith(notifier, { SLACK_WEBHOOK: `${slack.url}${HOOK_PATH}` }), { plan: plan(panelPlan({ operations: ops })), changes: changeSet([ops[0]!, 'failed', reason], [ops[1]!, 'succeeded']) });
  };

  beforeEach(async () => {
    slack = await startReceiver({ status: 200, body: 'ok' });
    slept = [];
    notifications = new Notifications({ logger: silentLogger(), delivery: { sleep: async (ms) => void slept.push(ms), minIntervalMs: 0 } });
  });
  afterEach(() => slack.close());

  it('sends Block Kit: a header, the details escaped for mrkdwn, and revision, panel and /status as context', async () => {
    notifications.afterReconcile(await failedApply('HTTP 422: <field> & value'));
    await notifications.drain(5_000);
    expect(slack.received[0]?.path).toBe(HOOK_PATH);
    const body = slack.bodies()[0] as { text: string; blocks: Block[] };
    expect(body.text).toBe('🔴 Apply on panel mz was partial: 1 succeeded, 1 failed, 0 skipped');
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(body.blocks[0]?.text).toEqual({ type: 'plain_text', text: body.text, emoji: true });
    expect(body.blocks[1]?.text).toEqual({ type: 'mrkdwn', text: '• User/alice update: HTTP 422: &lt;field&gt; &amp; value' });
    expect(body.blocks[2]?.elements?.[0]?.text).toBe('revision `rev-1` · panel `mz` · <https://panelops.example.com/status|status>');
  });

  it('honours Retry-After on a 429 and a panel secret never reaches the channel', async () => {
    slack.answerNext({ status: 429, headers: { 'retry-after': '2' }, body: 'rate_limited' });
    notifications.afterReconcile(await failedApply(`echoed ${PANEL_CANARY}`));
    await notifications.drain(5_000);
    expect(slept).toEqual([2_000]);
    expect(slack.received).toHaveLength(2);
    for (const form of [...spellings(PANEL_CANARY), ...spellings(HOOK_PATH)]) expect(slack.received[1]?.body).not.toContain(form);
  });

  it('sends only the events and panels the Notifier selected', async () => {
    const r = await failedApply('boom');
    // The same failure on a panel outside `panels: [m*]`, and an event it did not list: nothing.
    const eu = op('User', 'alice', 'update', 'eu-1');
    notifications.afterReconcile({ ...r, plan: plan(panelPlan({ panel: 'eu-1', operations: [eu] })), changes: changeSet([eu, 'failed', 'boom']) });
    notifications.afterReconcile({ ...r, plan: plan(panelPlan({ error: 'down' })), changes: undefined });
    await notifications.drain(5_000);
    expect(slack.received).toHaveLength(0);
    notifications.afterReconcile(r);
    await notifications.drain(5_000);
    expect(slack.received).toHaveLength(1);
  });
});
