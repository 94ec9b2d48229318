import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../controller/emulators/kit/clock.ts';
import { startOpenPanelEmulator, type OpenPanelEmulator } from '../../../controller/emulators/openpanel/index.ts';
import { PanelHttp } from '../../../controller/providers/http.ts';
import { OpenPanelApi } from '../../../controller/providers/openpanel/client.ts';

/**
 * Issue 19, point 6: OpenPanel allows a burst of 5 logins per IP, then one every 12 s, and
 * successful logins count (openpanel.md §9). Time is the emulator's clock: every wait the
 * client makes moves it forward, so nothing here sleeps.
 */
describe('OpenPanel client: logins against the login bucket', () => {
  const clock = new ManualClock(Date.UTC(2026, 7, 21, 9, 0, 0));
  let emu: OpenPanelEmulator;
  let api: OpenPanelApi;
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
    clock.advance(ms);
  };
  beforeEach(async () => {
    emu = await startOpenPanelEmulator({ seed: 1, clock });
    emu.seedAccounts(10, { prefix: 'site' });
    const http = new PanelHttp({ panel: 'op', baseUrl: emu.url, concurrency: 10, requestsPerSecond: 0, timeoutMs: 5000, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 }, sleep });
    api = new OpenPanelApi(http, { username: 'admin', password: 'sandbox-op-pass' }, () => clock.now(), sleep);
    waits.length = 0;
  });
  afterEach(() => emu.close());

  it('renews an expired token with one login shared by every request in flight', async () => {
    await api.login();
    clock.advance(16 * 60 * 1000);
    emu.counters.reset();
    const read = await Promise.all(Array.from({ length: 10 }, (_, i) => api.getAccount(`site${i + 1}`)));
    expect(read.every((a) => a !== undefined)).toBe(true);
    expect(emu.counters.get('POST', '/api/')).toBe(1);
  });

  it('a token that dies mid-run is renewed once for all the requests that saw it die', async () => {
    await api.login();
    emu.expireAllTokens();
    emu.counters.reset();
    const read = await Promise.all(Array.from({ length: 10 }, (_, i) => api.getAccount(`site${i + 1}`)));
    expect(read.every((a) => a !== undefined)).toBe(true);
    expect(emu.counters.get('POST', '/api/')).toBe(1);
  });

  it('waits out an empty bucket (other logins used it up) instead of failing', async () => {
    for (let i = 0; i < 5; i++) await fetch(`${emu.url}/api/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'sandbox-op-pass' }) });
    await api.login();
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(12_000);
    expect(await api.getAccount('site1')).toBeDefined();
  });
});
