import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../../controller/emulators/marzban/index.ts';
import { PanelHttp } from '../../../controller/providers/http.ts';
import { MarzbanClient } from '../../../controller/providers/marzban/client.ts';

describe('Marzban client: token expiry', () => {
  let emu: MarzbanEmulator;
  beforeEach(async () => {
    emu = await startMarzbanEmulator({ seed: 2 });
  });
  afterEach(() => emu.close());

  it('5. requests in flight when the token dies share one new login (§14)', async () => {
    const http = new PanelHttp({ panel: 'mz', baseUrl: emu.url, concurrency: 4, requestsPerSecond: 0, timeoutMs: 5000 });
    const client = new MarzbanClient(http, { username: 'admin', password: 'sandbox-admin-pass' });
    await client.login();
    emu.revokeAllTokens();
    const before = emu.counters.get('POST', '/api/admin/token');
    const answers = await Promise.all([client.listAdmins(), client.inbounds(), client.hosts(), client.listNodes()]);
    expect(answers).toHaveLength(4);
    expect(emu.counters.get('POST', '/api/admin/token') - before).toBe(1);
  });
});
