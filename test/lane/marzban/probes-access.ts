import type { Probe } from '../probe.ts';

/** Who may call what, and in which order a route checks (marzban.md §2, §13), as the live servers answer. */

const required = (version: string) => (version === '0.8.4' ? 'Field required' : 'field required');
const notAllowed = { status: 403, body: { detail: "You're not allowed" } };

const logins: Probe = {
  name: 'logins and tokens: a JSON login, no token, a bad token (§2)',
  async run(x, { version }) {
    await x({ method: 'POST', path: '/api/admin/token', body: { username: 'root', password: 'x' }, headers: { authorization: '' }, expect: { status: 422, body: { detail: { username: required(version), password: required(version) } } } });
    await x({ method: 'POST', path: '/api/admin/token', body: new URLSearchParams({ username: 'lane-nobody', password: 'x' }), headers: { authorization: '' }, expect: { status: 401, body: { detail: 'Incorrect username or password' } } });
    await x({ method: 'GET', path: '/api/admins', headers: { authorization: '' }, expect: { status: 401, body: { detail: 'Not authenticated' } } });
    await x({ method: 'GET', path: '/api/admins', headers: { authorization: 'Bearer not-a-token' }, expect: { status: 401, body: { detail: 'Could not validate credentials' } } });
  },
};

const limitedAdmin: Probe = {
  name: 'a non-sudo admin: silent filters, 403s, and 0.4.2 checking the body and itself first (§2, §13)',
  async run(x, { prefix: p, version }) {
    await x({ method: 'POST', path: '/api/admin', body: { username: `${p}lim`, password: 'lane-limited-pass', is_sudo: false }, expect: { status: 200, body: { username: `${p}lim`, is_sudo: false } } });
    await x({ method: 'POST', path: '/api/user', body: { username: `${p}own`, proxies: { vmess: {} }, inbounds: {} }, expect: { status: 200 } });
    const login = await x({ method: 'POST', path: '/api/admin/token', body: new URLSearchParams({ username: `${p}lim`, password: 'lane-limited-pass' }), headers: { authorization: '' }, expect: { status: 200, body: { token_type: 'bearer' } } });
    const as = { authorization: `Bearer ${(login.body as { access_token: string }).access_token}` };
    await x({ method: 'GET', path: '/api/admin', headers: as, expect: { status: 200, body: { username: `${p}lim`, is_sudo: false } } });
    await x({ method: 'GET', path: '/api/users', headers: as, expect: { status: 200, body: { users: [], total: 0 } } });
    await x({ method: 'GET', path: '/api/inbounds', headers: as, expect: { status: 200 } });
    await x({ method: 'GET', path: '/api/user_template', headers: as, expect: { status: 200 } });
    await x({ method: 'GET', path: '/api/system', headers: as, expect: { status: 200, body: { version } } });
    for (const path of ['/api/admins', '/api/nodes', '/api/hosts', `/api/user/${p}own`]) await x({ method: 'GET', path, headers: as, expect: notAllowed });
    const old = version === '0.4.2';
    // 0.4.2 validates the body before it looks for the user or asks who owns it; later releases answer 403.
    await x({ method: 'PUT', path: `/api/user/${p}own`, body: { status: 'bogus' }, headers: as, expect: old ? { status: 422, detailKeys: ['status'] } : notAllowed });
    // 0.4.2 asks for sudo before it looks for the admin; later releases answer 404 first.
    await x({ method: 'DELETE', path: `/api/admin/${p}nobody`, headers: as, expect: old ? notAllowed : { status: 404, body: { detail: 'Admin not found' } } });
    await x({ method: 'GET', path: '/api/node/999999', headers: as, expect: old ? notAllowed : { status: 404, body: { detail: 'Node not found' } } });
    // 0.4.2 wants the password in every admin PUT, and says so before anything else.
    await x({ method: 'PUT', path: `/api/admin/${p}nobody`, body: { is_sudo: false }, headers: as, expect: old ? { status: 422, detailKeys: ['password'] } : { status: 404, body: { detail: 'Admin not found' } } });
  },
  async cleanup({ api, prefix }) {
    await api.call('DELETE', `/api/user/${prefix}own`);
    await api.call('DELETE', `/api/admin/${prefix}lim`);
  },
};

const checkOrder: Probe = {
  name: 'a bad body to a missing user: 422 on 0.4.2, 404 later (§13)',
  async run(x, { prefix: p, version }) {
    await x({ method: 'PUT', path: `/api/user/${p}missing`, body: { status: 'bogus' }, expect: version === '0.4.2' ? { status: 422, detailKeys: ['status'] } : { status: 404, body: { detail: 'User not found' } } });
    await x({ method: 'PUT', path: `/api/user/${p}missing`, body: { note: 'x' }, expect: { status: 404, body: { detail: 'User not found' } } });
    await x({ method: 'DELETE', path: `/api/admin/${p}nobody`, expect: { status: 404, body: { detail: 'Admin not found' } } });
    await x({ method: 'PUT', path: `/api/user/${p}missing/set-owner?admin_username=root`, expect: { status: 404, body: { detail: 'User not found' } } });
    await x({ method: 'GET', path: '/api/users?status=bogus', expect: { status: 422, detailKeys: ['status'] } });
  },
};

export const marzbanAccessProbes: Probe[] = [logins, limitedAdmin, checkOrder];
