import type { Probe } from '../probe.ts';

/**
 * What a user PUT keeps and what it replaces (marzban.md §5.3, §5.4): the rules a client must know
 * so that no write rotates a credential or drops an inbound it was not asked to, per release.
 */

const same = (expected: unknown, what: string) => Object.defineProperty((v: unknown) => v === expected, 'name', { value: what });
const other = (previous: unknown, what: string) => Object.defineProperty((v: unknown) => typeof v === 'string' && v.length > 0 && v !== previous, 'name', { value: what });
const onlyKeys = (...keys: string[]) => Object.defineProperty((v: unknown) => v !== null && typeof v === 'object' && JSON.stringify(Object.keys(v)) === JSON.stringify(keys), 'name', { value: `only ${keys.join(', ')}` });

const putSemantics: Probe = {
  name: 'a user PUT: omitted proxies kept, listed ones authoritative, an id left out rotated, [] inbounds = none (§5.3)',
  async run(x, { prefix: p }) {
    const made = await x({ method: 'POST', path: '/api/user', body: { username: `${p}s`, proxies: { vmess: {}, vless: { flow: 'xtls-rprx-vision' } }, inbounds: {} }, expect: { status: 200 } });
    const proxies = (made.body as { proxies: { vmess: { id: string }; vless: { id: string } } }).proxies;
    const put = (body: object, expect: object) => x({ method: 'PUT', path: `/api/user/${p}s`, body, expect: { status: 200, body: expect } });
    await put({ note: 'a' }, { proxies: { vmess: { id: same(proxies.vmess.id, 'the same vmess id') }, vless: { id: same(proxies.vless.id, 'the same vless id'), flow: 'xtls-rprx-vision' } } });
    await put({ proxies: { vmess: { id: proxies.vmess.id } } }, { proxies: onlyKeys('vmess'), inbounds: { vmess: ['VMess TCP', 'VMess Websocket'] } });
    await put({ proxies: { vmess: {} } }, { proxies: { vmess: { id: other(proxies.vmess.id, 'a new vmess id') } } });
    await put({ note: '' }, { note: null });
    await put({ inbounds: { vmess: [] } }, { inbounds: { vmess: [] }, excluded_inbounds: { vmess: ['VMess TCP', 'VMess Websocket'] } });
    await put({ inbounds: { vmess: ['VMess TCP'] } }, { inbounds: { vmess: ['VMess TCP'] } });
  },
  async cleanup({ api, prefix }) {
    await api.call('DELETE', `/api/user/${prefix}s`);
  },
};

const createAndHold: Probe = {
  name: 'create without inbounds (none on 0.8.4, all before) and the on-hold rules of a PUT (§5.3, §5.4)',
  async run(x, { prefix: p, version }) {
    const all = ['VMess TCP', 'VMess Websocket'];
    await x({ method: 'POST', path: '/api/user', body: { username: `${p}t`, proxies: { vmess: {} } }, expect: { status: 200, body: { inbounds: { vmess: version === '0.8.4' ? [] : all } } } });
    await x({ method: 'POST', path: '/api/user', body: { username: `${p}h`, proxies: { vmess: {} }, inbounds: {}, status: 'on_hold', on_hold_expire_duration: 3600 }, expect: { status: 200, body: { status: 'on_hold', on_hold_expire_duration: 3600, expire: null } } });
    // 0 cannot clear the duration; on_hold wants the duration in the same body, and no expire.
    await x({ method: 'PUT', path: `/api/user/${p}h`, body: { on_hold_expire_duration: 0 }, expect: { status: 200, body: { status: 'on_hold', on_hold_expire_duration: 3600 } } });
    const prefix = version === '0.8.4' ? 'Value error, ' : '';
    await x({ method: 'PUT', path: `/api/user/${p}h`, body: { status: 'on_hold' }, expect: { status: 422, body: { detail: { status: `${prefix}User cannot be on hold without a valid on_hold_expire_duration.` } } } });
    await x({ method: 'PUT', path: `/api/user/${p}h`, body: { status: 'on_hold', on_hold_expire_duration: 7200, expire: 1_999_999_999 }, expect: { status: 422, body: { detail: { status: `${prefix}User cannot be on hold with specified expire.` } } } });
    if (version === '0.8.4') {
      const plan = { data_limit: 5, expire: 0, add_remaining_traffic: false, fire_on_either: true };
      await x({ method: 'PUT', path: `/api/user/${p}t`, body: { next_plan: plan }, expect: { status: 200, body: { next_plan: plan } } });
      // A PUT that leaves next_plan out deletes it (§15).
      await x({ method: 'PUT', path: `/api/user/${p}t`, body: { note: 'b' }, expect: { status: 200, body: { next_plan: null, note: 'b' } } });
    }
  },
  async cleanup({ api, prefix }) {
    for (const n of ['t', 'h']) await api.call('DELETE', `/api/user/${prefix}${n}`);
  },
};

export const marzbanWriteProbes: Probe[] = [putSemantics, createAndHold];
