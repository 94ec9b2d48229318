import { expect } from 'vitest';
import { remnawaveApi, userByName, type ApiUser } from '../../helpers/remnawave-api.ts';
import { profileConfig, seedBase } from './seed.ts';
import type { Exchange } from '../probe.ts';
import type { LaneTarget } from '../target.ts';

const FUTURE = '2031-01-01T00:00:00.000Z';
const PAST = '2020-01-01T00:00:00.000Z';

/**
 * The panel's traps (remnawave.md §16), seen through its own API: the same cases run on the
 * emulator (`npm test`) and on a real 3.3.2 (`npm run test:real`), so the emulator is held to
 * what the real panel does. Each case makes only objects under its own prefix.
 */
export interface Trap {
  name: string;
  /** Runs the case with its own name prefix; requests sent through `x` are compared (and counted) by the lane. Throws the first difference. */
  run(p: string, x: Exchange): Promise<void>;
}

export function panelTraps(target: LaneTarget): Trap[] {
  const api = () => remnawaveApi(target.url, target.auth.token ?? '');
  const create = (body: Record<string, unknown>) => api().call<ApiUser>('POST', '/api/users', { expireAt: FUTURE, ...body });
  return [
    {
      name: 'closes the socket without an answer when the proxy headers are missing',
      run: async (_p) => {
        const failure = await fetch(`${target.url}/api/system/metadata`, { headers: { authorization: `Bearer ${target.auth.token ?? ''}` } }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(failure).toBeInstanceOf(TypeError);
        const http = await fetch(`${target.url}/api/system/metadata`, { headers: { 'x-forwarded-for': '1.2.3.4', 'x-forwarded-proto': 'http' } }).then(() => 'answered', () => 'closed');
        expect(http).toBe('closed');
      },
    },
    {
      name: 'ignores credentials in a PATCH: only create takes them',
      run: async (p) => {
        const pinned = { vlessUuid: '11111111-2222-3333-4444-555555555555', trojanPassword: 'trojan-pinned-pass', ssPassword: 'ss-pinned-password', shortUuid: `${p}sub0000000000` };
        const u = await create({ username: `${p}-cred`, ...pinned });
        expect([u.vlessUuid, u.trojanPassword, u.ssPassword, u.shortUuid]).toEqual(Object.values(pinned));
        const patched = await api().call<ApiUser>('PATCH', '/api/users', { id: u.id, vlessUuid: '99999999-2222-3333-4444-555555555555', trojanPassword: 'another-password', shortUuid: `${p}other00000000`, description: 'x' });
        expect([patched.vlessUuid, patched.trojanPassword, patched.shortUuid, patched.description]).toEqual([pinned.vlessUuid, pinned.trojanPassword, pinned.shortUuid, 'x']);
      },
    },
    {
      name: 'PATCH DISABLED does nothing on LIMITED and EXPIRED; PATCH ACTIVE re-enables them; the disable action works',
      run: async (p) => {
        for (const status of ['LIMITED', 'EXPIRED']) {
          const u = await create({ username: `${p}-${status.toLowerCase()}`, status, trafficLimitBytes: 1000 });
          const silent = await api().raw('PATCH', '/api/users', { id: u.id, status: 'DISABLED' });
          expect(silent.status).toBe(200);
          expect((silent.body as { response: ApiUser }).response.status).toBe(status);
          expect((await api().raw('PATCH', '/api/users', { id: u.id, status })).status).toBe(400);
          expect((await api().call<ApiUser>('PATCH', '/api/users', { id: u.id, status: 'ACTIVE' })).status).toBe('ACTIVE');
          const again = await create({ username: `${p}-${status.toLowerCase()}2`, status });
          expect((await api().call<ApiUser>('POST', `/api/users/${again.id}/actions/disable`)).status).toBe('DISABLED');
          const twice = await api().raw('POST', `/api/users/${again.id}/actions/disable`);
          expect([twice.status, (twice.body as { errorCode?: string }).errorCode]).toEqual([400, 'A029']);
        }
      },
    },
    {
      name: 'a raised limit lifts LIMITED, a new future expiry lifts EXPIRED (not with DISABLED), a past expiry is refused',
      run: async (p) => {
        const limited = await create({ username: `${p}-lim`, status: 'LIMITED', trafficLimitBytes: 1000 });
        expect((await api().call<ApiUser>('PATCH', '/api/users', { id: limited.id, trafficLimitBytes: 1000 })).status).toBe('LIMITED');
        expect((await api().call<ApiUser>('PATCH', '/api/users', { id: limited.id, trafficLimitBytes: 2000 })).status).toBe('ACTIVE');
        const expired = await create({ username: `${p}-exp`, status: 'EXPIRED', expireAt: PAST });
        const past = await api().raw('PATCH', '/api/users', { id: expired.id, expireAt: PAST });
        expect(past.status).toBe(400);
        expect((past.body as { message: string }).message).toBe('Validation failed');
        expect((await api().call<ApiUser>('PATCH', '/api/users', { id: expired.id, expireAt: FUTURE, status: 'DISABLED' })).status).toBe('EXPIRED');
        expect((await api().call<ApiUser>('PATCH', '/api/users', { id: expired.id, expireAt: '2032-01-01T00:00:00.000Z' })).status).toBe('ACTIVE');
      },
    },
    {
      name: 'activeInternalSquads replaces the whole set, and [] removes every squad',
      run: async (p) => {
        const base = await seedBase(api(), `${p}q`, 21_000);
        const u = await create({ username: `${p}-sq`, activeInternalSquads: [base.squadA.uuid, base.squadB.uuid] });
        expect(u.activeInternalSquads.map((s) => s.name).sort()).toEqual([base.squadA.name, base.squadB.name].sort());
        const one = await api().call<ApiUser>('PATCH', '/api/users', { id: u.id, activeInternalSquads: [base.squadB.uuid] });
        expect(one.activeInternalSquads.map((s) => s.name)).toEqual([base.squadB.name]);
        const none = await api().call<ApiUser>('PATCH', '/api/users', { id: u.id, activeInternalSquads: [] });
        expect(none.activeInternalSquads).toEqual([]);
        const bad = await api().raw('PATCH', '/api/users', { id: u.id, activeInternalSquads: ['7b1f6c1e-6a34-4d4f-9f0e-3f2b9c1d2e3f'] });
        expect([bad.status, (bad.body as { errorCode?: string }).errorCode]).toEqual([500, 'A039']);
      },
    },
    {
      name: 'bulk routes take numeric userIds and answer 202 with no body; LIMITED in bulk/update is 500 A089',
      run: async (p, x) => {
        const u = await create({ username: `${p}-bulk` });
        const queued = await x({ method: 'POST', path: '/api/users/bulk/update', body: { userIds: [u.id], fields: { description: 'bulk' } }, expect: { status: 202 } });
        expect(queued.body).toBeNull();
        await x({ method: 'POST', path: '/api/users/bulk/update', body: { uuids: ['7b1f6c1e-6a34-4d4f-9f0e-3f2b9c1d2e3f'], fields: { description: 'x' } }, expect: { status: 400, body: { message: 'Validation failed' } } });
        await x({ method: 'POST', path: '/api/users/bulk/update', body: { userIds: [u.id], fields: { status: 'LIMITED' } }, expect: { status: 500, body: { errorCode: 'A089', message: 'LIMITED and EXPIRED statuses are not allowed to be set manually.' } } });
        // Queued: read back until the worker got to it (at once on the emulator, within seconds on the panel).
        await expect.poll(async () => (await userByName(api(), `${p}-bulk`)).description, { timeout: 15_000, interval: 500 }).toBe('bulk');
      },
    },
    {
      name: 'a host PATCH without isDisabled re-enables the host; a node create failing A124 leaves the node behind',
      run: async (p) => {
        const base = await seedBase(api(), `${p}h`, 22_000);
        const host = await api().call<{ uuid: string }>('POST', '/api/hosts', { remark: `${p}-host`, address: 'h.example', port: 443, inbound: { configProfileUuid: base.profile.uuid, configProfileInboundUuid: base.vless.uuid } });
        expect((await api().call<{ isDisabled: boolean }>('PATCH', '/api/hosts', { uuid: host.uuid, isDisabled: true })).isDisabled).toBe(true);
        expect((await api().call<{ isDisabled: boolean }>('PATCH', '/api/hosts', { uuid: host.uuid, sni: 'a.example' })).isDisabled).toBe(false);
        const other = await seedBase(api(), `${p}o`, 23_000);
        const node = { name: `${p}-node`, address: `${p}.node.example`, configProfile: { activeConfigProfileUuid: base.profile.uuid, activeInbounds: [other.vless.uuid] } };
        const refused = await api().raw('POST', '/api/nodes', node);
        expect([refused.status, (refused.body as { errorCode?: string }).errorCode]).toEqual([404, 'A124']);
        const nodes = await api().call<Array<{ name: string }>>('GET', '/api/nodes');
        expect(nodes.some((n) => n.name === node.name)).toBe(true);
        const retry = await api().raw('POST', '/api/nodes', { ...node, configProfile: { activeConfigProfileUuid: base.profile.uuid, activeInbounds: [base.vless.uuid] } });
        expect([retry.status, (retry.body as { errorCode?: string }).errorCode]).toEqual([400, 'A033']);
      },
    },
    {
      name: 'renaming an inbound tag makes a new inbound and silently empties the squads that used it',
      run: async (p) => {
        const base = await seedBase(api(), `${p}r`, 24_000);
        await api().call('PATCH', '/api/config-profiles', { uuid: base.profile.uuid, config: profileConfig(`${p}r-vless2`, `${p}r-trojan`, 24_000) });
        const squads = await api().call<{ internalSquads: Array<{ name: string; inbounds: Array<{ tag: string }> }> }>('GET', '/api/internal-squads');
        const a = squads.internalSquads.find((s) => s.name === base.squadA.name);
        const b = squads.internalSquads.find((s) => s.name === base.squadB.name);
        expect(a?.inbounds).toEqual([]);
        expect(b?.inbounds.map((i) => i.tag)).toEqual([`${p}r-trojan`]);
      },
    },
    {
      name: 'lists users newest first, filters usernames by substring whatever the case (exactly in equals mode), and fails an unknown sort column with 500 A024',
      run: async (p, x) => {
        for (const name of [`${p}Ali`, `${p}ali`, `${p}bob`]) await create({ username: name });
        const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));
        const names = (body: unknown) => (body as { response: { users: Array<{ username: string }> } }).response.users.map((u) => u.username);
        const loose = await x({ method: 'GET', path: `/api/users?filters=${q([{ id: 'username', value: `${p}ALI` }])}`, expect: { status: 200, body: { response: { total: 2 } } } });
        expect(names(loose.body)).toEqual([`${p}ali`, `${p}Ali`]);
        const exact = await x({ method: 'GET', path: `/api/users?filters=${q([{ id: 'username', value: `${p}ali` }])}&filterModes=${q({ username: 'equals' })}`, expect: { status: 200, body: { response: { total: 1 } } } });
        expect(names(exact.body)).toEqual([`${p}ali`]);
        await x({ method: 'GET', path: '/api/users?filters=notjson', expect: { status: 400, body: { statusCode: 400, message: 'Validation failed' } } });
        await x({ method: 'GET', path: `/api/users?sorting=${q([{ id: 'nope', desc: true }])}`, expect: { status: 500, body: { message: 'Get all users error', errorCode: 'A024' } } });
      },
    },
    {
      name: 'answers errors in three shapes: coded, validation and Nest default',
      run: async (_p, x) => {
        const isText = Object.defineProperty((v: unknown) => typeof v === 'string', 'name', { value: 'a string' });
        const missing = await x({
          method: 'GET',
          path: '/api/users/by-username/no-such-user-here',
          expect: { status: 404, body: { timestamp: isText, path: '/api/users/by-username/no-such-user-here', message: 'User with specified params not found', errorCode: 'A063' } },
        });
        expect(Object.keys(missing.body as object).sort()).toEqual(['errorCode', 'message', 'path', 'timestamp']);
        const invalid = await x({ method: 'POST', path: '/api/users', body: { username: 'x' }, expect: { status: 400, body: { statusCode: 400, message: 'Validation failed' } } });
        expect((invalid.body as { errors: Array<{ path: string[] }> }).errors.map((e) => e.path[0]).sort()).toEqual(['expireAt', 'username']);
        const anonymous = await x({ method: 'GET', path: '/api/users', headers: { authorization: 'Bearer nope' }, expect: { status: 401, body: { message: 'Unauthorized', statusCode: 401 } } });
        expect(anonymous.body).toEqual({ message: 'Unauthorized', statusCode: 401 });
        await x({ method: 'GET', path: '/api/nope', expect: { status: 404, body: { message: 'Cannot GET /api/nope', error: 'Not Found', statusCode: 404 } } });
      },
    },
  ];
}
