import type { Probe } from '../probe.ts';

/**
 * PasarGuard's answers request by request, as the live v5.2.1 server gives them (pasarguard.md
 * §2-§6, §14 points 1-5 and 12): logins and tokens, an operator's scope, owner protection, the
 * envelopes and the list parameters. Each probe makes its own prefixed objects and removes them.
 */

const unauthorized = { status: 401, body: { detail: 'Could not validate credentials' } };
const isInt = (v: unknown) => Number.isInteger(v);
const OP_PASS = 'Lane-Operator-12!';

const logins: Probe = {
  name: 'logins and tokens: a JSON login, a bad password, no token, a bad token (§2)',
  async run(x) {
    await x({ method: 'POST', path: '/api/admin/token', body: { username: 'owner' }, headers: { authorization: '' }, expect: { status: 422, body: { detail: { username: 'Field required', password: 'Field required' } } } });
    await x({ method: 'POST', path: '/api/admin/token', body: new URLSearchParams({ username: 'lane-nobody', password: 'x' }), headers: { authorization: '' }, expect: { status: 401, body: { detail: 'Incorrect username or password' } } });
    await x({ method: 'GET', path: '/api/admins', headers: { authorization: '' }, expect: unauthorized });
    await x({ method: 'GET', path: '/api/admins', headers: { authorization: 'Bearer not-a-token' }, expect: unauthorized });
    await x({ method: 'GET', path: '/api/users', headers: { authorization: '', 'x-api-key': 'pg_key_00000000-0000-4000-8000-000000000000' }, expect: unauthorized });
  },
};

const operator: Probe = {
  name: 'an operator: its own users only (404 for others, admin= ignored), named permission errors (§2.1)',
  async run(x, { prefix: p }) {
    const op = await x({ method: 'POST', path: '/api/admin', body: { username: `${p}op`, password: OP_PASS, role_id: 3 }, expect: { status: 201, body: { username: `${p}op`, role: { id: 3, name: 'operator', is_owner: false }, status: 'active', note: null } } });
    const foreign = await x({ method: 'POST', path: '/api/user', body: { username: `${p}foreign` }, expect: { status: 201, body: { username: `${p}foreign`, admin: { username: 'owner' } } } });
    const login = await x({ method: 'POST', path: '/api/admin/token', body: new URLSearchParams({ username: `${p}op`, password: OP_PASS }), headers: { authorization: '' }, expect: { status: 200, body: { token_type: 'bearer' } } });
    const as = { authorization: `Bearer ${(login.body as { access_token: string }).access_token}` };
    await x({ method: 'POST', path: '/api/user', body: { username: `${p}mine` }, headers: as, expect: { status: 201, body: { username: `${p}mine`, admin: { id: (op.body as { id: number }).id, username: `${p}op` } } } });
    await x({ method: 'GET', path: `/api/users?admin=owner&search=${p}`, headers: as, expect: { status: 200, body: { users: [{ username: `${p}mine` }], total: 1 } } });
    const id = (foreign.body as { id: number }).id;
    await x({ method: 'GET', path: `/api/user/by-id/${id}`, headers: as, expect: { status: 404, body: { detail: 'User not found' } } });
    await x({ method: 'PUT', path: `/api/user/by-id/${id}`, body: { note: 'x' }, headers: as, expect: { status: 404, body: { detail: 'User not found' } } });
    await x({ method: 'DELETE', path: `/api/user/by-id/${id}`, headers: as, expect: { status: 404, body: { detail: 'User not found' } } });
    await x({ method: 'GET', path: '/api/nodes', headers: as, expect: { status: 403, body: { detail: 'Permission denied: nodes.read' } } });
    await x({ method: 'GET', path: '/api/groups', headers: as, expect: { status: 403, body: { detail: 'Permission denied: groups.read' } } });
    await x({ method: 'DELETE', path: `/api/admin/by-id/${(op.body as { id: number }).id}`, expect: { status: 204 } });
    await x({ method: 'GET', path: `/api/users?username=${p}mine`, expect: { status: 200, body: { users: [{ username: `${p}mine`, admin: null }], total: 1 } } });
  },
  async cleanup({ api, prefix: p }) {
    for (const name of ['mine', 'foreign']) {
      const found = await api.call('GET', `/api/users?username=${p}${name}`);
      for (const u of (found.body as { users?: { id: number }[] } | null)?.users ?? []) await api.call('DELETE', `/api/user/by-id/${u.id}`);
    }
    const admins = await api.call('GET', `/api/admins?username=${p}op`);
    for (const a of (admins.body as { admins?: { id: number }[] } | null)?.admins ?? []) await api.call('DELETE', `/api/admin/by-id/${a.id}`);
  },
};

const owner: Probe = {
  name: 'the owner: no owner role through the API, no delete (§2.2)',
  async run(x, { prefix: p }) {
    await x({ method: 'POST', path: '/api/admin', body: { username: `${p}own2`, password: OP_PASS, role_id: 1 }, expect: { status: 403, body: { detail: 'Owner role cannot be assigned via this endpoint. Use the setup flow.' } } });
    await x({ method: 'DELETE', path: '/api/admin/by-id/1', expect: { status: 403, body: { detail: 'Owner cannot be deleted via this endpoint. Use the setup flow.' } } });
    await x({ method: 'POST', path: '/api/admin', body: { username: `${p}weak`, password: 'weakpass', role_id: 3 }, expect: { status: 422, detailKeys: ['password'] } });
  },
};

const envelopes: Probe = {
  name: 'envelopes: 201 creates, 204 deletes with no body, 409 clashes, 422 by field, 400 for a bad sort (§3, §6)',
  async run(x, { prefix: p }) {
    const g = await x({ method: 'POST', path: '/api/group', body: { name: `${p}env`, inbound_tags: ['Shadowsocks TCP'] }, expect: { status: 201, body: { name: `${p}env`, inbound_tags: ['Shadowsocks TCP'], is_disabled: false, id: isInt, total_users: 0 } } });
    await x({ method: 'POST', path: '/api/group', body: { name: `${p}bad`, inbound_tags: ['Nope'] }, expect: { status: 400, body: { detail: 'Nope not found' } } });
    const u = await x({ method: 'POST', path: '/api/user', body: { username: `${p}env`, group_ids: [(g.body as { id: number }).id], data_limit: '100', expire: 1924992000 }, expect: { status: 201, body: { data_limit: 100, expire: '2031-01-01T00:00:00Z', status: 'active', edit_at: null, subscription_url: (v: unknown) => typeof v === 'string' && v.startsWith('/sub/') } } });
    await x({ method: 'POST', path: '/api/user', body: { username: `${p}env` }, expect: { status: 409, body: { detail: 'User already exists' } } });
    await x({ method: 'POST', path: '/api/user', body: { username: `${p}..x` }, expect: { status: 422, body: { detail: { username: 'Value error, Username cannot have consecutive special characters' } } } });
    await x({ method: 'POST', path: '/api/user', body: { username: 'ab' }, expect: { status: 422, body: { detail: { username: 'Value error, Username only can be 3 to 128 characters.' } } } });
    await x({ method: 'POST', path: '/api/user', body: { username: `${p}ss`, proxy_settings: { shadowsocks: { password: 'short' } } }, expect: { status: 422, detailKeys: ['password'] } });
    await x({ method: 'POST', path: '/api/user', body: { username: `${p}dis`, status: 'disabled' }, expect: { status: 422, detailKeys: ['status'] } });
    await x({ method: 'POST', path: '/api/user', body: { username: `${p}hold`, status: 'on_hold' }, expect: { status: 422, body: { detail: { status: 'Value error, User cannot be on hold without a valid on_hold_expire_duration.' } } } });
    await x({ method: 'GET', path: `/api/users?username=${p}env`, expect: { status: 200, body: { users: [{ username: `${p}env`, subscription_url: '' }], total: 1 } } });
    await x({ method: 'GET', path: '/api/users?sort=nope', expect: { status: 400 } });
    await x({ method: 'POST', path: `/api/user/by-id/${(u.body as { id: number }).id}/active_next`, expect: { status: 404, body: { detail: "User doesn't have next plan" } } });
    await x({ method: 'DELETE', path: `/api/user/by-id/${(u.body as { id: number }).id}`, expect: { status: 204, body: null } });
    await x({ method: 'DELETE', path: `/api/group/${(g.body as { id: number }).id}`, expect: { status: 204, body: null } });
  },
};

export const pasarGuardAccessProbes: Probe[] = [logins, operator, owner, envelopes];
