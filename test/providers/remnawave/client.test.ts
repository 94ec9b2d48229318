import { afterEach, describe, expect, it } from 'vitest';
import { connectPanel } from '../../../controller/engine/connect.ts';
import { startRemnawaveEmulator, type RemnawaveEmulator } from '../../../controller/emulators/remnawave/index.ts';
import { PanelHttp } from '../../../controller/providers/http.ts';
import { defaultRegistry } from '../../../controller/providers/index.ts';
import { RemnawaveClient } from '../../../controller/providers/remnawave/client.ts';
import { errorText } from '../../../controller/providers/remnawave/error-body.ts';
import type { PanelConfig } from '../../../controller/providers/types.ts';
import { silentLogger } from '../../../controller/shared/logger.ts';
import { startHostileServer, type HostileServer } from '../../helpers/hostile-server.ts';

let emulator: RemnawaveEmulator | undefined;
let hostile: HostileServer | undefined;
afterEach(async () => {
  await emulator?.close();
  await hostile?.close();
  emulator = hostile = undefined;
});

const config = (url: string, token: string): PanelConfig => ({
  name: 'rw',
  type: 'remnawave',
  url,
  auth: { token },
  limits: { concurrency: 2, requestsPerSecond: 0, timeoutMs: 5000, pageSize: 1000, batchSize: 1 },
  policy: { prune: true, mode: 'manage', adopt: false, maxDeletes: 100, maxDeletePercent: 50, maxMissingPercent: 50 },
  source: { file: 'panel.yaml', line: 1, column: 1 },
});

const client = (url: string, token: string) =>
  new RemnawaveClient(new PanelHttp({ panel: 'rw', baseUrl: url, concurrency: 2, requestsPerSecond: 0, timeoutMs: 5000, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } }), token);

async function failure(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof Error)) throw new Error('expected a failure');
  return err;
}

describe('Remnawave client', () => {
  it('reads the three error shapes as one line each (remnawave.md §3)', async () => {
    emulator = await startRemnawaveEmulator();
    const api = client(emulator.url, emulator.apiToken);
    expect((await failure(api.userByName('nobody'))).message).toBe('GET /api/users/by-username/{username} answered 404: User with specified params not found (A063)');
    const invalid = await failure(api.createUser({ username: 'x' }));
    expect(invalid.message).toContain('answered 400: Validation failed: username: Username must be at least 3 characters; expireAt: ');
    expect((await failure(client(emulator.url, 'wrong').listSquads())).message).toBe('GET /api/internal-squads answered 401: Unauthorized');
    expect(errorText('{"message":"Forbidden resource","error":"Forbidden","statusCode":403}')).toBe('Forbidden resource');
    expect(errorText('<html>bad gateway</html>')).toBe('<html>bad gateway</html>');
  });

  it('says why when the panel closes the connection without a status (the proxy headers)', async () => {
    hostile = await startHostileServer((_req, res) => void res.socket?.destroy());
    const err = await failure(client(hostile.url, 't').metadata());
    expect(err.message).toContain('connection failed');
    expect(err.message).toContain('X-Forwarded-For and X-Forwarded-Proto: https');
  });

  it('sends the token and both proxy headers on every request', async () => {
    hostile = await startHostileServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"response":{"version":"3.3.2"}}'));
    await client(hostile.url, 'tok').metadata();
    expect(hostile.received[0]?.headers).toMatchObject({ authorization: 'Bearer tok', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'https' });
  });

  it('refuses a 2.x panel, naming the release it needs, before reading anything else', async () => {
    emulator = await startRemnawaveEmulator({ version: '2.8.1' });
    const err = await failure(connectPanel(config(emulator.url, emulator.apiToken), { registry: defaultRegistry(), logger: silentLogger() }));
    expect(err.message).toContain('Remnawave 2.8.1 is not supported: panelops needs Remnawave 3.0.0 or newer');
    expect(emulator.counters.total()).toBe(1);
  });
});
