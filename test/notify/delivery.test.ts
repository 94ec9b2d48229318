import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Notifications } from '../../controller/notify/notifications.ts';
import { silentLogger } from '../../controller/shared/logger.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { downPlan, manifestsWith, report } from './reports.ts';

const notifier = `apiVersion: panelops.io/v1
kind: Notifier
metadata: { name: ops-hook }
spec:
  type: webhook
  webhook: { url: { env: HOOK_URL } }
`;

describe('delivery: retried with backoff, never holding a reconcile', () => {
  let receiver: Receiver;
  let slept: number[];
  let results: string[];
  const make = (timeoutMs = 2_000) =>
    new Notifications({
      logger: silentLogger(),
      timeoutMs,
      delivery: { sleep: async (ms) => void slept.push(ms), random: () => 1, maxAttempts: 4 },
      onResult: (_n, _m, result) => results.push(result),
    });
  const down = async () => report(await manifestsWith(notifier, { HOOK_URL: `${receiver.url}/hook` }), { plan: downPlan() });

  beforeEach(async () => {
    receiver = await startReceiver();
    slept = [];
    results = [];
  });
  afterEach(() => receiver.close());

  it('waits exactly the Retry-After of a 429, backs off on 500, then delivers once', async () => {
    receiver.answerNext({ status: 429, headers: { 'retry-after': '7' } }, { status: 500 }, { status: 502 });
    const notifications = make();
    notifications.afterReconcile(await down());
    await notifications.drain(5_000);
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    // 7 s as asked, then the backoff after the 2nd and 3rd attempts (jitter pinned to its top).
    expect(slept).toEqual([7_000, 2_000, 4_000]);
    expect(results).toEqual(['sent']);
  });

  it('retries a receiver that does not answer in time', async () => {
    receiver.answerNext('hang');
    const notifications = make(500);
    notifications.afterReconcile(await down());
    await notifications.drain(10_000);
    // The hung request timed out and was tried again (on a loaded machine a slow answer may add one more try).
    expect(receiver.received.length).toBeGreaterThanOrEqual(2);
    expect(slept).toHaveLength(receiver.received.length - 1);
    expect(results).toEqual(['sent']);
  });

  it('gives up after the last attempt, and at once on a 4xx that will not get better', async () => {
    const failing = await startReceiver({ status: 503 });
    const notifications = make();
    notifications.afterReconcile(report(await manifestsWith(notifier, { HOOK_URL: `${failing.url}/hook` }), { plan: downPlan() }));
    await notifications.drain(5_000);
    expect(failing.received).toHaveLength(4);
    await failing.close();

    receiver.answerNext({ status: 400, body: '{"error":"bad"}' });
    const again = make();
    again.afterReconcile(await down());
    await again.drain(5_000);
    expect(receiver.received).toHaveLength(1);
    expect(results).toEqual(['failed', 'failed']);
  });

  it('returns from afterReconcile at once while the receiver hangs', async () => {
    const hanging = await startReceiver('hang');
    const notifications = new Notifications({ logger: silentLogger(), timeoutMs: 60_000 });
    const r = report(await manifestsWith(notifier, { HOOK_URL: `${hanging.url}/hook` }), { plan: downPlan() });
    const started = performance.now();
    notifications.afterReconcile(r);
    notifications.afterReconcile(r);
    // The receiver would hold each request for a minute; the hook returns without waiting for it.
    expect(performance.now() - started).toBeLessThan(250);
    await hanging.close();
  });
});
