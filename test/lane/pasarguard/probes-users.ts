import type { Probe } from '../probe.ts';

/**
 * PasarGuard users and API keys request by request, as the live v5.2.1 server answers (pasarguard.md
 * §2, §5, §14 points 2, 6, 11, 13 and 14). Each probe makes its own prefixed objects and removes them.
 */

type Row = Record<string, unknown>;
const VLESS = '0f0e0d0c-0b0a-4908-8706-050403020100';
const TROJAN = 'lane-trojan-password';
const SS = 'lane-shadowsocks-password-0123';
const isNull = Object.defineProperty((v: unknown) => v === null, 'name', { value: 'null' });
const differsFrom = (old: unknown) => Object.defineProperty((v: unknown) => v !== old, 'name', { value: `different from ${JSON.stringify(old)}` });

const credentials: Probe = {
  name: 'users: given credentials kept exactly, a vless flow dropped, the rest generated; zeros and empty notes clear (§5.1, §5.2)',
  async run(x, { prefix: p }) {
    const made = await x({
      method: 'POST',
      path: '/api/user',
      body: { username: `${p}cred`, note: 'n', hwid_limit: 2, proxy_settings: { vless: { id: VLESS, flow: 'xtls-rprx-vision' }, trojan: { password: TROJAN }, shadowsocks: { password: SS, method: 'aes-256-gcm' } } },
      expect: {
        status: 201,
        body: {
          proxy_settings: { vless: { id: VLESS }, trojan: { password: TROJAN }, shadowsocks: { password: SS, method: 'aes-256-gcm' }, wireguard: { private_key: null, public_key: null, peer_ips: [] } },
          group_ids: [],
          hwid_limit: 2,
        },
      },
    });
    const id = (made.body as Row).id as number;
    const vless = ((made.body as Row).proxy_settings as Record<string, Row>).vless;
    if (vless && 'flow' in vless) throw new Error('the answer kept a vless flow');
    await x({ method: 'PUT', path: `/api/user/by-id/${id}`, body: { note: '', data_limit: 0, expire: 0, hwid_limit: null, auto_delete_in_days: 7 }, expect: { status: 200, body: { note: null, data_limit: null, expire: null, hwid_limit: null, auto_delete_in_days: null, proxy_settings: { vless: { id: VLESS }, trojan: { password: TROJAN } } } } });
    await x({ method: 'PUT', path: `/api/user/by-id/${id}`, body: { expire: '2031-01-01T00:00:00+03:30', on_hold_timeout: '2031-01-01T00:00:00Z' }, expect: { status: 200, body: { expire: '2030-12-31T20:30:00Z', on_hold_timeout: '2031-01-01T00:00:00' } } });
    await x({ method: 'PUT', path: `/api/user/by-id/${id}`, body: { data_limit: 1.5 }, expect: { status: 422, detailKeys: ['data_limit'] } });
    await x({ method: 'PUT', path: `/api/user/by-id/${id}`, body: { status: 'expired' }, expect: { status: 422, detailKeys: ['status'] } });
    await x({ method: 'DELETE', path: `/api/user/by-id/${id}`, expect: { status: 204, body: null } });
  },
  async cleanup({ api, prefix: p }) {
    for (const u of ((await api.call('GET', `/api/users?username=${p}cred`)).body as { users?: Row[] } | null)?.users ?? []) await api.call('DELETE', `/api/user/by-id/${String(u.id)}`);
  },
};

const revoke: Probe = {
  name: 'revoke_sub rotates every credential but the cipher; a deleted group leaves its members\' other groups (§5.6, §8)',
  async run(x, { prefix: p }) {
    const g1 = await x({ method: 'POST', path: '/api/group', body: { name: `${p}rv1`, inbound_tags: ['Shadowsocks TCP'] }, expect: { status: 201 } });
    const g2 = await x({ method: 'POST', path: '/api/group', body: { name: `${p}rv2`, inbound_tags: ['Shadowsocks TCP'] }, expect: { status: 201 } });
    const [id1, id2] = [(g1.body as Row).id, (g2.body as Row).id];
    const made = await x({ method: 'POST', path: '/api/user', body: { username: `${p}rv`, group_ids: [id1, id2], proxy_settings: { shadowsocks: { method: 'aes-128-gcm' } } }, expect: { status: 201, body: { group_ids: [id1, id2] } } });
    const before = (made.body as Row).proxy_settings as Record<string, Row>;
    const id = (made.body as Row).id as number;
    await x({
      method: 'POST',
      path: `/api/user/by-id/${id}/revoke_sub`,
      expect: { status: 200, body: { proxy_settings: { vmess: { id: differsFrom(before.vmess?.id) }, vless: { id: differsFrom(before.vless?.id) }, trojan: { password: differsFrom(before.trojan?.password) }, shadowsocks: { password: differsFrom(before.shadowsocks?.password), method: 'aes-128-gcm' }, hysteria: { auth: differsFrom(before.hysteria?.auth) } } } },
    });
    await x({ method: 'DELETE', path: `/api/group/${String(id1)}`, expect: { status: 204, body: null } });
    await x({ method: 'GET', path: `/api/user/by-id/${id}`, expect: { status: 200, body: { group_ids: [id2] } } });
    await x({ method: 'POST', path: `/api/user/by-id/${id}/reset`, expect: { status: 200, body: { used_traffic: 0, next_plan: isNull, status: 'active' } } });
  },
  async cleanup({ api, prefix: p }) {
    for (const u of ((await api.call('GET', `/api/users?username=${p}rv`)).body as { users?: Row[] } | null)?.users ?? []) await api.call('DELETE', `/api/user/by-id/${String(u.id)}`);
    for (const g of ((await api.call('GET', '/api/groups')).body as { groups?: Row[] } | null)?.groups ?? []) if (String(g.name).startsWith(`${p}rv`)) await api.call('DELETE', `/api/group/${String(g.id)}`);
  },
};

const apiKeys: Probe = {
  name: 'API keys: shown once as pg_key_<uuid>, taken as X-Api-Key or Authorization: ApiKey, replaced when revoked (§2)',
  async run(x, { prefix: p }) {
    const made = await x({ method: 'POST', path: '/api/api_key', body: { name: `${p}key` }, expect: { status: 201, body: { name: `${p}key`, inherit_permissions: true, api_key: (v: unknown) => typeof v === 'string' && /^pg_key_[0-9a-f-]{36}$/.test(v) } } });
    const { id, api_key: key } = made.body as { id: number; api_key: string };
    await x({ method: 'GET', path: `/api/users?username=${p}none`, headers: { authorization: '', 'x-api-key': key }, expect: { status: 200, body: { users: [], total: 0 } } });
    await x({ method: 'GET', path: `/api/users?username=${p}none`, headers: { authorization: `ApiKey ${key}` }, expect: { status: 200, body: { total: 0 } } });
    await x({ method: 'POST', path: `/api/api_key/${id}/revoke`, expect: { status: 200, body: { id, api_key: differsFrom(key) } } });
    await x({ method: 'GET', path: '/api/users?limit=1', headers: { authorization: '', 'x-api-key': key }, expect: { status: 401, body: { detail: 'Could not validate credentials' } } });
    await x({ method: 'DELETE', path: `/api/api_key/${id}`, expect: { status: 204, body: null } });
  },
};

export const pasarGuardUserProbes: Probe[] = [credentials, revoke, apiKeys];
