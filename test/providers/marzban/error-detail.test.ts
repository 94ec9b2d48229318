import { afterEach, describe, expect, it } from 'vitest';
import { PanelHttp } from '../../../controller/providers/http.ts';
import { MarzbanClient } from '../../../controller/providers/marzban/client.ts';
import { sendJson, startHostileServer, type HostileServer } from '../../helpers/hostile-server.ts';

/** A Marzban that logs in and answers every other request with `status` and `detail`. */
async function panelAnswering(status: number, detail: unknown): Promise<HostileServer> {
  return startHostileServer((req, res) => {
    if (req.url === '/api/admin/token') return sendJson(res, 200, { access_token: 'token-abc-123', token_type: 'bearer' });
    sendJson(res, status, { detail });
  });
}

const clientOf = (server: HostileServer) =>
  new MarzbanClient(new PanelHttp({ panel: 'mz', baseUrl: server.url, concurrency: 1, requestsPerSecond: 0, timeoutMs: 5000, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } }), { username: 'admin', password: 'secret-pass' });

describe('Marzban error details (issue 13 point 8)', () => {
  let server: HostileServer | undefined;
  afterEach(() => server?.close());

  it("prints the reasons of FastAPI's list of {loc, msg, type}, not [object Object]", async () => {
    server = await panelAnswering(422, [
      { loc: ['body', 'proxies', 'vless', 'id'], msg: 'value is not a valid uuid', type: 'type_error.uuid' },
      { loc: ['body', 'data_limit'], msg: 'ensure this value is greater than or equal to 0', type: 'value_error.number.not_ge' },
    ]);
    const err = (await clientOf(server).createUser({ username: 'alice', proxies: {} } as never).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('POST /api/user answered 422: body.proxies.vless.id: value is not a valid uuid; body.data_limit: ensure this value is greater than or equal to 0');
    expect(err.message).not.toContain('[object Object]');
  });

  it("prints Marzban's own object of field → reason, and nested values as JSON", async () => {
    server = await panelAnswering(422, { proxies: 'Value error, Each user needs at least one proxy', extra: { a: 1 } });
    const err = (await clientOf(server).createUser({ username: 'alice', proxies: {} } as never).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('POST /api/user answered 422: proxies: Value error, Each user needs at least one proxy; extra: {"a":1}');
  });
});
