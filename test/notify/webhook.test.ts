import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Notifications } from '../../controller/notify/notifications.ts';
import { notificationBodySchema } from '../../controller/notify/webhook-body-schema.ts';
import { signBody } from '../../controller/notify/webhook.ts';
import { SchemaValidator } from '../../controller/manifest/validator.ts';
import { silentLogger } from '../../controller/shared/logger.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { downPlan, healthyPlan, manifestsWith, PANEL_CANARY, report, spellings } from './reports.ts';

const HOOK_SECRET = 'hmac-canary-Secret-42';
const URL_TOKEN = 'url-canary-Token-99';
const notifier = `apiVersion: panelops.io/v1
kind: Notifier
metadata: { name: ops-hook }
spec:
  type: webhook
  webhook: { url: { env: HOOK_URL }, secret: { env: HOOK_SECRET } }
  remindAfter: 1h
  statusUrl: https://panelops.example.com/status
`;

const schemas = new SchemaValidator();

describe('webhook notifications: one message per problem, reminders, resolution', () => {
  let receiver: Receiver;
  let now: number;
  let notifications: Notifications;
  const hookEnv = () => ({ HOOK_URL: `${receiver.url}/hook/${URL_TOKEN}`, HOOK_SECRET });

  beforeEach(async () => {
    receiver = await startReceiver();
    now = Date.parse('2026-03-01T10:00:00Z');
    notifications = new Notifications({ logger: silentLogger(), clock: () => now });
  });
  afterEach(() => receiver.close());

  it('sends a problem once, a reminder after remindAfter, and one "resolved" when it clears', async () => {
    const manifests = await manifestsWith(notifier, hookEnv());
    const down = report(manifests, { plan: downPlan(), result: 'failed' });
    notifications.afterReconcile(down);
    notifications.afterReconcile(down);
    now += 59 * 60_000;
    notifications.afterReconcile(down);
    await notifications.drain(5_000);
    expect(receiver.bodies().map((b) => b.state)).toEqual(['problem']);

    now += 60_000; // an hour after it was sent
    notifications.afterReconcile(down);
    notifications.afterReconcile(down);
    await notifications.drain(5_000);
    expect(receiver.bodies().map((b) => b.state)).toEqual(['problem', 'reminder']);

    notifications.afterReconcile(report(manifests, { plan: healthyPlan() }));
    notifications.afterReconcile(report(manifests, { plan: healthyPlan() }));
    await notifications.drain(5_000);
    const bodies = receiver.bodies();
    expect(bodies.map((b) => b.state)).toEqual(['problem', 'reminder', 'resolved']);
    expect(bodies.map((b) => b.key)).toEqual(['panel-down:mz', 'panel-down:mz', 'panel-down:mz']);
    expect(bodies[2]).toMatchObject({ event: 'panel-down', panel: 'mz', title: 'Panel mz is back up', since: '2026-03-01T10:00:00.000Z', revision: 'rev-1', statusUrl: 'https://panelops.example.com/status' });
    for (const body of bodies) expect(schemas.validate(notificationBodySchema, body)).toEqual([]);
  });

  it('signs the exact body with HMAC-SHA256 and names the event in a header', async () => {
    notifications.afterReconcile(report(await manifestsWith(notifier, hookEnv()), { plan: downPlan() }));
    await notifications.drain(5_000);
    const [req] = receiver.received;
    expect(req?.path).toBe(`/hook/${URL_TOKEN}`);
    expect(req?.headers['x-panelops-signature-256']).toBe(signBody(HOOK_SECRET, req?.body ?? ''));
    expect(req?.headers['x-panelops-signature-256']).not.toBe(signBody('another secret', req?.body ?? ''));
    expect(req?.headers['x-panelops-event']).toBe('panel-down');
  });

  it('never puts a secret in a message, in any spelling, even when a panel error echoes it', async () => {
    const manifests = await manifestsWith(notifier, hookEnv());
    const echo = `login refused for ${PANEL_CANARY} (${encodeURIComponent(PANEL_CANARY)}) ${Buffer.from(`admin:${PANEL_CANARY}`).toString('base64')} via ${hookEnv().HOOK_URL} key ${HOOK_SECRET}`;
    notifications.afterReconcile(report(manifests, { plan: downPlan(echo) }));
    await notifications.drain(5_000);
    const [req] = receiver.received;
    expect(req?.body).toContain('[redacted]');
    for (const secret of [PANEL_CANARY, HOOK_SECRET, URL_TOKEN]) for (const form of spellings(secret)) expect(req?.body).not.toContain(form);
  });

  it('tells a new broken revision as an update of the open problem, with file:line', async () => {
    const manifests = await manifestsWith(notifier, hookEnv());
    notifications.afterReconcile(report(manifests, { plan: healthyPlan() }));
    const invalid = (revision: string) => report(manifests, { revision, result: 'invalid', errors: ['users.yaml:4:3: /spec/colour: unknown field "colour"'] });
    notifications.afterReconcile(invalid('rev-2'));
    notifications.afterReconcile(invalid('rev-2'));
    notifications.afterReconcile(invalid('rev-3'));
    notifications.afterReconcile(report(manifests, { revision: 'rev-4', plan: healthyPlan() }));
    await notifications.drain(5_000);
    const bodies = receiver.bodies();
    expect(bodies.map((b) => [b.state, b.revision])).toEqual([
      ['problem', 'rev-2'],
      ['update', 'rev-3'],
      ['resolved', 'rev-4'],
    ]);
    expect(bodies[0]?.lines).toEqual(['users.yaml:4:3: /spec/colour: unknown field "colour"']);
  });
});
