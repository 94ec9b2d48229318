import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenPanelEmulator, type OpenPanelEmulator } from '../../../controller/emulators/openpanel/index.ts';
import { PanelHttp } from '../../../controller/providers/http.ts';
import { OpenPanelApi } from '../../../controller/providers/openpanel/client.ts';

/**
 * An expired token reads as "404 User not found" on account routes (openpanel.md §2). A 404
 * whose token could not be shown good, however many renewals it took, must never read as
 * "the account does not exist": a plan would create, or a read-back fail, on that strength.
 */
describe('OpenPanel client: a 404 that came with a dead token', () => {
  let emu: OpenPanelEmulator;
  let api: OpenPanelApi;
  beforeEach(async () => {
    emu = await startOpenPanelEmulator({ seed: 4, loginBucket: { burst: 1000, refillMs: 12_000 } });
    emu.seedAccounts(3, { prefix: 'site' });
    const http = new PanelHttp({ panel: 'op', baseUrl: emu.url, concurrency: 4, requestsPerSecond: 0, timeoutMs: 5000, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    api = new OpenPanelApi(http, { username: 'admin', password: 'sandbox-op-pass' });
  });
  afterEach(() => emu.close());

  it('is an error naming the route when every token it was sent with died, never an absent account', async () => {
    await api.login();
    emu.faults.configure({ tokenExpiryRate: 1 });
    await expect(api.getAccount('site1')).rejects.toThrow(/GET \/api\/users\/\{username\}: answered (401|404) 3 times with a token that expired/);
  });

  it('is believed once the token is shown good: an account that does not exist', async () => {
    await api.login();
    expect(await api.getAccount('nosuchsite')).toBeUndefined();
    expect(await api.getAccount('site1')).toBeDefined();
  });
});
