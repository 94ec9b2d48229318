import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Notifications } from '../../controller/notify/notifications.ts';
import { silentLogger } from '../../controller/shared/logger.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { downPlan, healthyPlan, manifestsWith, op, PANEL_CANARY, panelPlan, plan, report, spellings } from './reports.ts';

const notifier = `apiVersion: panelops.io/v1
kind: Notifier
metadata: { name: ops-hook }
spec:
  type: webhook
  webhook: { url: { env: HOOK_URL } }
  events: [invalid-revision, drift, panel-down]
`;

interface Body {
  state: string;
  title: string;
  lines: string[];
  revision: string;
}

/** Messages a person can act on: the right revision, the fields that moved, and no over-eager redaction. */
describe('notification messages', () => {
  let receiver: Receiver;
  let notifications: Notifications;
  const bodies = () => receiver.received.map((r) => JSON.parse(r.body) as Body);
  const manifests = () => manifestsWith(notifier, { HOOK_URL: `${receiver.url}/hook` });

  beforeEach(async () => {
    receiver = await startReceiver();
    notifications = new Notifications({ logger: silentLogger(), delivery: { sleep: async () => undefined, random: () => 1, maxAttempts: 1 } });
  });
  afterEach(() => receiver.close());

  it('"resolved" names the revision that resolved the problem', async () => {
    const set = await manifests();
    notifications.afterReconcile(report(set, { revision: 'a1b2c3d', result: 'invalid', errors: ['users.yaml:3:5: /spec/dataLimit: not a size'] }));
    notifications.afterReconcile(report(set, { revision: 'e4f5a6b', plan: healthyPlan() }));
    await notifications.drain(5_000);
    const [problem, resolved] = bodies();
    expect(problem).toMatchObject({ state: 'problem', revision: 'a1b2c3d', title: expect.stringContaining('Revision a1b2c3d is invalid') });
    expect(resolved).toMatchObject({ state: 'resolved', revision: 'e4f5a6b', title: 'Revision e4f5a6b loads without errors (it replaces the invalid a1b2c3d)' });
  });

  it('drift names the fields that moved, never a value, secret or not', async () => {
    const moved = (key: string) => ({
      ...op('User', key, 'update'),
      changes: [
        { path: 'dataLimit', before: 1073741824, after: 2147483648, display: { before: '1GiB', after: '2GiB' } },
        { path: 'proxies.vless.flow', before: '', after: 'xtls-rprx-vision' },
        { path: 'password', secret: true },
      ],
    });
    const set = await manifests();
    notifications.afterReconcile(report(set, { plan: plan(panelPlan({ mode: 'observe', operations: [moved('alice'), moved('bob'), { ...op('User', 'carol', 'update'), changes: [{ path: 'note', before: 'a', after: 'b' }] }] })) }));
    await notifications.drain(5_000);
    const [drift] = bodies();
    expect(drift?.lines).toContain('Fields: dataLimit ×2, password ×2, proxies.vless.flow ×2, note ×1');
    expect(drift?.lines).toContain('update User/alice: dataLimit, proxies.vless.flow, password');
    expect(drift?.lines).toContain('update User/carol: note');
    const text = JSON.stringify(drift);
    for (const value of ['1GiB', '2GiB', 'xtls-rprx-vision', '1073741824']) expect(text).not.toContain(value);
  });

  it('redacts the panel password in every spelling, but not the user name "admin" inside a URL path', async () => {
    const set = await manifests();
    const error = `POST http://127.0.0.1:9/api/admin/token answered 401 for username=admin&password=${encodeURIComponent(PANEL_CANARY)}`;
    notifications.afterReconcile(report(set, { plan: downPlan(error) }));
    await notifications.drain(5_000);
    const [down] = bodies();
    expect(down?.lines[0]).toContain('http://127.0.0.1:9/api/admin/token answered 401 for username=admin&password=[redacted]');
    for (const spelling of spellings(PANEL_CANARY)) expect(JSON.stringify(down)).not.toContain(spelling);
  });
});
