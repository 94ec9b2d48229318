import { ProbeDifference, type Probe } from '../probe.ts';

/** Users, nodes, templates and hosts, request by request (marzban.md §4-§9, §13-§15), as the live servers answer. */

const isUuid = Object.defineProperty((v: unknown) => typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v), 'name', { value: 'a UUID' });
const keysInOrder = (keys: readonly string[]) => Object.defineProperty((v: unknown) => v !== null && typeof v === 'object' && JSON.stringify(Object.keys(v)) === JSON.stringify(keys), 'name', { value: `keys in the order ${keys.join(', ')}` });

const userLifecycle: Probe = {
  name: 'users: 409 on a second create, set-owner to nobody, reset re-enabling a disabled user, revoke_sub rotating (§5.5)',
  async run(x, { prefix: p }) {
    const made = await x({ method: 'POST', path: '/api/user', body: { username: `${p}u`, proxies: { vmess: {} }, inbounds: {} }, expect: { status: 200, body: { proxies: { vmess: { id: isUuid } }, status: 'active', used_traffic: 0 } } });
    const id = (made.body as { proxies: { vmess: { id: string } } }).proxies.vmess.id;
    await x({ method: 'POST', path: '/api/user', body: { username: `${p}u`, proxies: { vmess: {} }, inbounds: {} }, expect: { status: 409, body: { detail: 'User already exists' } } });
    await x({ method: 'PUT', path: `/api/user/${p}u/set-owner?admin_username=${p}nobody`, expect: { status: 404, body: { detail: 'Admin not found' } } });
    await x({ method: 'PUT', path: `/api/user/${p}u`, body: { status: 'disabled' }, expect: { status: 200, body: { status: 'disabled', proxies: { vmess: { id } } } } });
    await x({ method: 'POST', path: `/api/user/${p}u/reset`, expect: { status: 200, body: { used_traffic: 0, proxies: { vmess: { id } }, status: 'active' } } });
    const rotated = Object.defineProperty((v: unknown) => isUuid(v) && v !== id, 'name', { value: 'a new UUID' });
    await x({ method: 'POST', path: `/api/user/${p}u/revoke_sub`, expect: { status: 200, body: { proxies: { vmess: { id: rotated } } } } });
  },
  async cleanup({ api, prefix }) {
    await api.call('DELETE', `/api/user/${prefix}u`);
  },
};

const NODE_KEYS = ['name', 'address', 'port', 'api_port', 'usage_coefficient', 'id', 'xray_version', 'status', 'message'];
const nodes: Probe & { ids?: number[] } = {
  name: 'nodes: created connecting with usage_coefficient 1, a case twin allowed, PUT without status reconnects (§8, §13)',
  async run(x, { prefix: p }) {
    this.ids = [];
    const node = (name: string) => ({ name, address: '127.0.0.1', port: 9, api_port: 9, usage_coefficient: 2, add_as_new_host: false });
    const made = await x({ method: 'POST', path: '/api/node', body: node(`${p}node`), expect: { status: 200, body: keysInOrder(NODE_KEYS) } });
    const id = (made.body as { id: number }).id;
    this.ids.push(id);
    await x({ method: 'GET', path: `/api/node/${id}`, expect: { status: 200, body: { name: `${p}node`, usage_coefficient: 1, xray_version: null } } });
    const twin = await x({ method: 'POST', path: '/api/node', body: node(`${p}NODE`), expect: { status: 200, body: { name: `${p}NODE` } } });
    this.ids.push((twin.body as { id: number }).id);
    await x({ method: 'POST', path: '/api/node', body: node(`${p}node`), expect: { status: 409, body: { detail: `Node "${p}node" already exists` } } });
    await x({ method: 'PUT', path: `/api/node/${id}`, body: { status: 'disabled' }, expect: { status: 200, body: { status: 'disabled', usage_coefficient: 1 } } });
    await x({ method: 'PUT', path: `/api/node/${id}`, body: { usage_coefficient: 3 }, expect: { status: 200, body: { status: 'connecting', usage_coefficient: 3 } } });
    for (const n of this.ids) await x({ method: 'DELETE', path: `/api/node/${n}`, expect: { status: 200, body: {} } });
    this.ids = [];
    await x({ method: 'GET', path: `/api/node/${id}`, expect: { status: 404, body: { detail: 'Node not found' } } });
  },
  async cleanup({ api }) {
    for (const n of this.ids ?? []) await api.call('DELETE', `/api/node/${n}`);
  },
};

const TEMPLATE_KEYS = ['name', 'data_limit', 'expire_duration', 'username_prefix', 'username_suffix', 'inbounds', 'id'];
const templates: Probe & { id?: number | undefined } = {
  name: 'templates: key order, 409 on a name, unknown tags dropped with 200, an empty prefix refused (§7, §15)',
  async run(x, { prefix: p, version }) {
    const made = await x({ method: 'POST', path: '/api/user_template', body: { name: `${p}t`, inbounds: { vmess: ['VMess TCP'] } }, expect: { status: 200, body: keysInOrder(TEMPLATE_KEYS) } });
    const id = (made.body as { id: number }).id;
    this.id = id;
    const byId = `/api/user_template/${id}?template_id=${id}`;
    await x({ method: 'GET', path: byId, expect: { status: 200, body: { name: `${p}t`, data_limit: 0, expire_duration: 0, username_prefix: null, inbounds: { vmess: ['VMess TCP'] } } } });
    await x({ method: 'POST', path: '/api/user_template', body: { name: `${p}t`, inbounds: {} }, expect: { status: 409, body: { detail: 'Template by this name already exists' } } });
    await x({ method: 'PUT', path: byId, body: { inbounds: { vmess: ['lane no such tag'] } }, expect: { status: 200, body: { inbounds: {} } } });
    const short = version === '0.8.4' ? 'String should have at least 1 character' : 'ensure this value has at least 1 characters';
    await x({ method: 'PUT', path: byId, body: { username_prefix: '' }, expect: { status: 422, body: { detail: { username_prefix: short } } } });
    await x({ method: 'DELETE', path: byId, expect: { status: 200, body: null } });
    this.id = undefined;
  },
  async cleanup({ api }) {
    if (this.id !== undefined) await api.call('DELETE', `/api/user_template/${this.id}?template_id=${this.id}`);
  },
};

const HOST_KEYS: Record<string, string[]> = {
  '0.4.2': ['remark', 'address', 'port', 'sni', 'host', 'path', 'security', 'alpn', 'fingerprint', 'allowinsecure', 'is_disabled'],
  '0.7.0': ['remark', 'address', 'port', 'sni', 'host', 'path', 'security', 'alpn', 'fingerprint', 'allowinsecure', 'is_disabled', 'mux_enable', 'fragment_setting', 'noise_setting', 'random_user_agent'],
  '0.8.4': ['remark', 'address', 'port', 'sni', 'host', 'path', 'security', 'alpn', 'fingerprint', 'allowinsecure', 'is_disabled', 'mux_enable', 'fragment_setting', 'noise_setting', 'random_user_agent', 'use_sni_as_host'],
};
const hosts: Probe = {
  name: 'hosts: a key per inbound, each release its own host fields (§9, §13)',
  async run(x, { version }) {
    const all = await x({ method: 'GET', path: '/api/hosts', expect: { status: 200 } });
    const inbounds = await x({ method: 'GET', path: '/api/inbounds', expect: { status: 200 } });
    const tags = Object.values(inbounds.body as Record<string, Array<{ tag: string }>>).flat().map((i) => i.tag);
    await x({ method: 'GET', path: '/api/hosts', expect: { status: 200, body: keysInOrder(tags) } });
    const first = Object.values(all.body as Record<string, unknown[]>).find((list) => list.length > 0)?.[0];
    const fields = keysInOrder(HOST_KEYS[version] ?? []);
    if (first !== undefined && !fields(first)) throw new ProbeDifference(`GET /api/hosts: a host's fields are ${Object.keys(first as object).join(', ')}, not ${fields.name}`);
  },
};

export const marzbanObjectProbes: Probe[] = [userLifecycle, nodes, templates, hosts];
