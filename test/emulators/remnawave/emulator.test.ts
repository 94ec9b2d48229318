import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../controller/emulators/kit/clock.ts';
import { startRemnawaveEmulator, type RemnawaveEmulator } from '../../../controller/emulators/remnawave/index.ts';
import { remnawaveApi, type ApiUser } from '../../helpers/remnawave-api.ts';

let emu: RemnawaveEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const start = async (clock?: ManualClock) => {
  emu = await startRemnawaveEmulator(clock ? { clock } : {});
  return { emu, api: remnawaveApi(emu.url, emu.apiToken) };
};

/** What the emulator reproduces beyond the lane's probes (remnawave.md §16): auth, jobs, revoke, listings, ids. */
describe('Remnawave emulator', () => {
  it('checks tokens and scopes: 401 without, 403 out of scope or deleted, admin JWT only from the browser', async () => {
    const { emu, api } = await start();
    emu.issueToken('reader', ['users:read']);
    const reader = remnawaveApi(emu.url, 'reader');
    expect((await reader.raw('GET', '/api/users')).status).toBe(200);
    expect(await reader.raw('PATCH', '/api/users', { id: 1 })).toEqual({ status: 403, body: { message: 'Forbidden resource', error: 'Forbidden', statusCode: 403 } });
    expect((await reader.raw('GET', '/api/nodes')).status).toBe(403);
    emu.revokeToken('reader');
    expect((await reader.raw('GET', '/api/users')).status).toBe(403);
    const bad = await api.raw('POST', '/api/auth/login', { username: 'admin', password: 'wrong' });
    expect([bad.status, (bad.body as { errorCode: string }).errorCode, (bad.body as { message: string }).message]).toEqual([403, 'E000', 'Forbidden']);
    const login = await api.call<{ accessToken: string }>('POST', '/api/auth/login', { username: 'admin', password: 'sandbox-remnawave-admin-Pass1' });
    const admin = remnawaveApi(emu.url, login.accessToken);
    expect((await admin.raw('GET', '/api/users')).body).toMatchObject({ statusCode: 403, message: 'For API requests you must create own API-token in the admin dashboard.' });
    expect((await admin.raw('GET', '/api/users', undefined, { 'x-remnawave-client-type': 'browser' })).status).toBe(200);
  });

  it('runs the status jobs: a past expiry turns EXPIRED, used traffic over the limit LIMITED; reset-traffic and extend lift them', async () => {
    const clock = new ManualClock(Date.UTC(2027, 0, 1));
    const { emu, api } = await start(clock);
    const u = await api.call<ApiUser>('POST', '/api/users', { username: 'soon', expireAt: '2027-01-02T00:00:00Z', trafficLimitBytes: 100 });
    emu.setUsedTraffic('soon', 100);
    emu.tick();
    expect(emu.state.userByName('soon')?.status).toBe('LIMITED');
    expect((await api.call<ApiUser>('POST', `/api/users/${u.id}/actions/reset-traffic`)).status).toBe('ACTIVE');
    clock.advance(2 * 86_400_000);
    emu.tick();
    expect(emu.state.userByName('soon')?.status).toBe('EXPIRED');
    const extended = await api.call<ApiUser>('POST', `/api/users/${u.id}/actions/extend`, { days: 3 });
    expect([extended.status, extended.expireAt]).toEqual(['ACTIVE', '2027-01-06T00:00:00.000Z']);
  });

  it('revoke rotates every credential and the short id, keeps the status, and the old subscription is gone', async () => {
    const { api } = await start();
    const u = await api.call<ApiUser>('POST', '/api/users', { username: 'rot', expireAt: '2031-01-01T00:00:00Z', status: 'DISABLED' });
    expect((await api.raw('GET', `/api/sub/${u.shortUuid}`)).status).toBe(200);
    const r = await api.call<ApiUser>('POST', `/api/users/${u.id}/actions/revoke`);
    expect([r.vlessUuid === u.vlessUuid, r.trojanPassword === u.trojanPassword, r.shortUuid === u.shortUuid, r.status]).toEqual([false, false, false, 'DISABLED']);
    expect((await api.raw('GET', `/api/sub/${u.shortUuid}`)).body).toEqual({ isFound: false, statusCode: 404, message: 'Resource not found' });
  });

  it('spends ids on failed inserts, keeps usernames case-sensitive and pages the stream by id', async () => {
    const { api } = await start();
    const make = (username: string) => api.raw('POST', '/api/users', { username, expireAt: '2031-01-01T00:00:00Z' });
    const a = (await make('alice')).body as { response: ApiUser };
    expect((await make('alice')).body).toMatchObject({ errorCode: 'A019' });
    const b = (await make('Alice')).body as { response: ApiUser };
    expect(b.response.id - a.response.id).toBe(2);
    expect((await api.raw('GET', '/api/users/by-username/ALICE')).status).toBe(404);
    const first = await api.call<{ users: ApiUser[]; nextCursor: string; hasMore: boolean }>('GET', '/api/users/stream?size=1');
    expect([first.users[0]?.username, first.nextCursor, first.hasMore]).toEqual(['alice', String(a.response.id), true]);
    const second = await api.call<{ users: ApiUser[]; hasMore: boolean }>('GET', `/api/users/stream?size=1&cursor=${first.nextCursor}`);
    expect([second.users[0]?.username, second.hasMore]).toEqual(['Alice', false]);
    expect((await api.raw('GET', '/api/users/stream?size=1001')).status).toBe(400);
  });

  it('the squad-wide add-users / remove-users and bulk/all routes act on every user of the panel (why panelops never calls them)', async () => {
    const { api, emu } = await start();
    for (const name of ['usr1', 'usr2', 'usr3']) await api.call('POST', '/api/users', { username: name, expireAt: '2031-01-01T00:00:00Z' });
    const squad = [...emu.state.squads.values()][0];
    expect((await api.raw('POST', `/api/internal-squads/${squad?.uuid ?? ''}/bulk-actions/add-users`)).status).toBe(202);
    expect([...emu.state.users.values()].every((u) => u.squads.includes(squad?.uuid ?? ''))).toBe(true);
    await api.raw('DELETE', `/api/internal-squads/${squad?.uuid ?? ''}/bulk-actions/remove-users`);
    expect([...emu.state.users.values()].every((u) => u.squads.length === 0)).toBe(true);
    expect((await api.raw('POST', '/api/users/bulk/all/update', { fields: { description: 'all' } })).status).toBe(202);
    expect([...emu.state.users.values()].map((u) => u.description)).toEqual(['all', 'all', 'all']);
    const squads = await api.raw('POST', '/api/users/bulk/update-squads', { userIds: [1, 2], activeInternalSquads: [] });
    expect((squads.body as { errorCode: string }).errorCode).toBe('A088');
  });
});
