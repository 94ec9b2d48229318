import type { Probe, ProbeContext } from '../probe.ts';
import type { LaneTarget } from '../target.ts';
import { GiB } from './seed.ts';

/**
 * Marzban's answers request by request, per release, as the real servers give them (marzban.md
 * §13-§16). Each probe makes its own prefixed objects and removes them.
 */

const isInt = (v: unknown) => Number.isInteger(v);
const keysExactly = (keys: readonly string[]) => Object.defineProperty((v: unknown) => v !== null && typeof v === 'object' && JSON.stringify(Object.keys(v).sort()) === JSON.stringify([...keys].sort()), 'name', { value: `an object with exactly ${keys.join(', ')}` });
const without = (key: string) => Object.defineProperty((v: unknown) => v !== null && typeof v === 'object' && !(key in v), 'name', { value: `without ${key}` });

const pydantic2 = (version: string) => version !== '0.4.2' && version !== '0.7.0';
/** The prefix pydantic 2 puts before a validator's own message (§16.7). */
const ve = (version: string) => (pydantic2(version) ? 'Value error, ' : '');
const deleted = (version: string, what: 'User' | 'Admin') => (version === '0.4.2' ? {} : { detail: what === 'User' ? 'User successfully deleted' : 'Admin removed successfully' });

const newUser = (username: string, extra: object = {}) => ({ username, proxies: { vmess: {} }, inbounds: {}, ...extra });
const removeUsers = (...names: string[]) => async ({ api, prefix }: ProbeContext) => {
  for (const n of names) await api.call('DELETE', `/api/user/${prefix}${n}`);
};

const notes: Probe = {
  name: 'a note over 500 characters is refused on create and update (§16.1)',
  async run(x, { prefix: p, version }) {
    const note = (detail: string) => ({ status: 422, detailKeys: ['note'], body: { detail: { note: `${ve(version)}${detail}` } } });
    await x({ method: 'POST', path: '/api/user', body: newUser(`${p}n`, { note: 'n'.repeat(501) }), expect: note("User's note can be a maximum of 500 character") });
    await x({ method: 'GET', path: `/api/user/${p}n`, expect: { status: 404, body: { detail: 'User not found' } } });
    await x({ method: 'POST', path: '/api/user', body: newUser(`${p}n`, { note: 'n'.repeat(500) }), expect: { status: 200, body: { username: `${p}n`, note: 'n'.repeat(500) } } });
    await x({ method: 'PUT', path: `/api/user/${p}n`, body: { note: 'm'.repeat(501) }, expect: note("User's note can be a maximum of 500 character") });
    await x({ method: 'GET', path: `/api/user/${p}n`, expect: { status: 200, body: { note: 'n'.repeat(500) } } });
    await x({ method: 'DELETE', path: `/api/user/${p}n`, expect: { status: 200, body: deleted(version, 'User') } });
  },
  cleanup: removeUsers('n'),
};

const TAG = 'Shadowsocks TCP';
const fragments: Probe & { original?: unknown[] } = {
  name: 'a bad host fragment_setting: 422 on 0.7.0 and 0.8.4, ignored on 0.4.2 (§16.2)',
  async run(x, { version }) {
    const hosts = (await x({ method: 'GET', path: '/api/hosts', expect: { status: 200 } })).body as Record<string, Array<Record<string, unknown>>>;
    const list = hosts[TAG] ?? [];
    this.original = list;
    const sent = list.length ? [{ ...list[0], fragment_setting: 'bad' }, ...list.slice(1)] : [{ remark: 'lane', address: 'lane.invalid', fragment_setting: 'bad' }];
    if (version === '0.4.2') {
      await x({ method: 'PUT', path: '/api/hosts', body: { [TAG]: sent }, expect: { status: 200, body: { [TAG]: list.length ? list : [{ remark: 'lane', address: 'lane.invalid' }] } } });
    } else {
      const msg = `${ve(version)}Fragment setting must be like this: length,interval,packet (10-100,100-200,tlshello).`;
      await x({ method: 'PUT', path: '/api/hosts', body: { [TAG]: sent }, expect: { status: 422, detailKeys: ['fragment_setting'], body: { detail: { fragment_setting: msg } } } });
    }
    await x({ method: 'PUT', path: '/api/hosts', body: { 'lane-no-such-inbound': [] }, expect: { status: 400, body: { detail: "Inbound lane-no-such-inbound doesn't exist" } } });
  },
  // 0.4.2 took the list (its own hosts, the bad field dropped); putting back what was read leaves it as found.
  async cleanup({ api, version }) {
    if (version === '0.4.2' && this.original) await api.call('PUT', '/api/hosts', { [TAG]: this.original });
  },
};

/** Two users whose names differ only by case (every SQLite release keeps both, §16.5). */
const twins = async (x: Parameters<Probe['run']>[0], p: string) => {
  await x({ method: 'POST', path: '/api/user', body: newUser(`${p}qa`), expect: { status: 200, body: { username: `${p}qa` } } });
  await x({ method: 'POST', path: '/api/user', body: newUser(`${p}QA`), expect: { status: 200, body: { username: `${p}QA` } } });
};
const names = (...list: string[]) => list.map((username) => ({ username }));

const search: Probe = {
  name: 'search= filters on 0.7.0 and 0.8.4, is ignored with its paging on 0.4.2 (§16.3)',
  async run(x, { prefix: p, version }) {
    await twins(x, p);
    const all = (await x({ method: 'GET', path: '/api/users?limit=1', expect: { status: 200 } })).body as { total: number };
    const body = version === '0.4.2' ? { total: all.total, users: [() => true] } : { total: 2, users: names(`${p}qa`) };
    await x({ method: 'GET', path: `/api/users?search=${p}q&limit=1`, expect: { status: 200, body } });
  },
  cleanup: removeUsers('qa', 'QA'),
};

const singleName: Probe = {
  name: 'a single username= is a case-insensitive substring on 0.4.2, exact elsewhere (§16.4)',
  async run(x, { prefix: p, version }) {
    await twins(x, p);
    const old = version === '0.4.2';
    await x({ method: 'GET', path: `/api/users?username=${p}q`, expect: { status: 200, body: old ? { total: 2, users: names(`${p}qa`, `${p}QA`) } : { total: 0, users: [] } } });
    await x({ method: 'GET', path: `/api/users?username=${p}qa`, expect: { status: 200, body: old ? { total: 2, users: names(`${p}qa`, `${p}QA`) } : { total: 1, users: names(`${p}qa`) } } });
  },
  cleanup: removeUsers('qa', 'QA'),
};

const repeatedName: Probe = {
  name: 'a repeated username= is exact and case-sensitive; sort=username is byte order (§16.5-6)',
  async run(x, { prefix: p }) {
    await twins(x, p);
    await x({ method: 'GET', path: `/api/users?username=${p}Qa&username=${p}Qa&limit=1`, expect: { status: 200, body: { total: 0, users: [] } } });
    await x({ method: 'GET', path: `/api/users?username=${p}QA&username=${p}QA`, expect: { status: 200, body: { total: 1, users: names(`${p}QA`) } } });
    await x({ method: 'GET', path: `/api/users?username=${p}qa&username=${p}QA&sort=username`, expect: { status: 200, body: { total: 2, users: names(`${p}QA`, `${p}qa`) } } });
    await x({ method: 'GET', path: `/api/users?username=${p}qa&username=${p}QA&sort=-username`, expect: { status: 200, body: { total: 2, users: names(`${p}qa`, `${p}QA`) } } });
  },
  cleanup: removeUsers('qa', 'QA'),
};

const validation: Probe = {
  name: 'validation errors: status, keys and wording by release (§16.7)',
  async run(x, { prefix: p, version }) {
    const v2 = pydantic2(version);
    const err = (key: string, text?: string) => ({ status: 422, detailKeys: [key], ...(text === undefined ? {} : { body: { detail: { [key]: text } } }) });
    await x({ method: 'POST', path: '/api/user', body: newUser(`${p}v`, { status: 'on_hold' }), expect: err('status', `${ve(version)}User cannot be on hold without a valid on_hold_expire_duration.`) });
    await x({ method: 'POST', path: '/api/user', body: newUser(`${p}v`, { status: 'disabled' }), expect: err('status', v2 ? "Input should be 'active' or 'on_hold'" : "value is not a valid enumeration member; permitted: 'active', 'on_hold'") });
    await x({ method: 'POST', path: '/api/user', body: newUser('a.b.c'), expect: err('username', `${ve(version)}Username only can be 3 to 32 characters and contain a-z, 0-9, and underscores in between.`) });
    await x({ method: 'POST', path: '/api/user', body: newUser(`${p}v`, { data_limit: 'abc' }), expect: err('data_limit', v2 ? 'Value error, data_limit must be an integer or a float, not a string' : 'value is not a valid integer') });
    // pydantic 1 turns a numeric string into a number; pydantic 2 refuses every string.
    await x({ method: 'POST', path: '/api/user', body: newUser(`${p}v`, { data_limit: '100' }), expect: v2 ? err('data_limit') : { status: 200, body: { username: `${p}v`, data_limit: 100 } } });
    await x({ method: 'POST', path: '/api/user', body: newUser(`${p}w`, { proxies: { vmess: { id: 'nope' } } }), expect: err('id') });
    await x({ method: 'POST', path: '/api/user', body: '{"username": x}', expect: err('13', v2 ? 'JSON decode error' : 'Expecting value: line 1 column 14 (char 13)') });
    await x({ method: 'GET', path: `/api/user/${p}w`, expect: { status: 404, body: { detail: 'User not found' } } });
  },
  cleanup: removeUsers('v', 'w'),
};

const OLD_STATS = ['version', 'mem_total', 'mem_used', 'cpu_cores', 'cpu_usage', 'total_user', 'users_active', 'incoming_bandwidth', 'outgoing_bandwidth', 'incoming_bandwidth_speed', 'outgoing_bandwidth_speed'];
const NEW_STATS = [...OLD_STATS, 'online_users', 'users_on_hold', 'users_disabled', 'users_expired', 'users_limited'];
const system: Probe = {
  name: '/api/system: the 0.4.2 shape on 0.7.0, more counters on 0.8.4 (§16.8)',
  async run(x, { version }) {
    await x({ method: 'GET', path: '/api/system', expect: { status: 200, body: keysExactly(pydantic2(version) ? NEW_STATS : OLD_STATS) } });
    await x({ method: 'GET', path: '/api/system', expect: { status: 200, body: { version, total_user: isInt } } });
    await x({ method: 'GET', path: '/api/core', expect: { status: 200 } });
    await x({ method: 'GET', path: '/api/nodes/usage', expect: { status: 200 } });
  },
};

const nextPlan: Probe = {
  name: 'next_plan and active-next: 0.8.4 only (§16.9)',
  async run(x, { prefix: p, version }) {
    const plan = { data_limit: GiB, expire: 0, add_remaining_traffic: false, fire_on_either: true };
    if (version === '0.8.4') {
      await x({ method: 'POST', path: '/api/user', body: newUser(`${p}np`, { next_plan: plan }), expect: { status: 200, body: { next_plan: plan } } });
      await x({ method: 'POST', path: '/api/user', body: newUser(`${p}nq`), expect: { status: 200, body: { next_plan: null } } });
      await x({ method: 'POST', path: `/api/user/${p}nq/active-next`, expect: { status: 404, body: { detail: "User doesn't have next plan" } } });
    } else {
      await x({ method: 'POST', path: '/api/user', body: newUser(`${p}nq`), expect: { status: 200, body: without('next_plan') } });
      await x({ method: 'POST', path: `/api/user/${p}nq/active-next`, expect: { status: 404, body: { detail: 'Not Found' } } });
    }
  },
  cleanup: removeUsers('np', 'nq'),
};

const adminPasswords: Probe = {
  name: 'admin passwords are write-only; a PUT without one keeps it (§16.10)',
  async run(x, { prefix: p, version }) {
    const login = (password: string, status: number) =>
      x({ method: 'POST', path: '/api/admin/token', body: new URLSearchParams({ username: `${p}adm`, password }), expect: { status, ...(status === 401 ? { body: { detail: 'Incorrect username or password' } } : { body: { token_type: 'bearer' } }) } });
    await x({ method: 'POST', path: '/api/admin', body: { username: `${p}adm`, password: 'lane-first-pass', is_sudo: false }, expect: { status: 200, body: keysExactly(version === '0.4.2' ? ['username', 'is_sudo'] : version === '0.7.0' ? ['username', 'is_sudo', 'telegram_id', 'discord_webhook'] : ['username', 'is_sudo', 'telegram_id', 'discord_webhook', 'users_usage']) } });
    await login('lane-first-pass', 200);
    if (version !== '0.4.2') {
      await x({ method: 'PUT', path: `/api/admin/${p}adm`, body: { is_sudo: false, telegram_id: 5 }, expect: { status: 200, body: { username: `${p}adm`, telegram_id: 5 } } });
      await login('lane-first-pass', 200);
    }
    await login('lane-never-sent', 401);
    await x({ method: 'DELETE', path: `/api/admin/${p}adm`, expect: { status: 200, body: deleted(version, 'Admin') } });
  },
  async cleanup({ api, prefix }) {
    await api.call('DELETE', `/api/admin/${prefix}adm`);
  },
};

const statusInPut: Probe = {
  name: 'a PUT without status keeps a disable; one with status lifts it (§16.11)',
  async run(x, { prefix: p }) {
    await x({ method: 'POST', path: '/api/user', body: newUser(`${p}d`), expect: { status: 200, body: { status: 'active' } } });
    await x({ method: 'PUT', path: `/api/user/${p}d`, body: { status: 'disabled' }, expect: { status: 200, body: { status: 'disabled' } } });
    await x({ method: 'PUT', path: `/api/user/${p}d`, body: { note: 'still off' }, expect: { status: 200, body: { status: 'disabled', note: 'still off' } } });
    await x({ method: 'PUT', path: `/api/user/${p}d`, body: { status: 'active' }, expect: { status: 200, body: { status: 'active' } } });
  },
  cleanup: removeUsers('d'),
};

const templateById: Probe & { id?: number | undefined } = {
  name: 'a template by id: 0.7.0 reads the id from ?template_id= only (§14)',
  async run(x, { prefix: p, version }) {
    const made = await x({ method: 'POST', path: '/api/user_template', body: { name: `${p}t`, data_limit: 0, expire_duration: 0, inbounds: {} }, expect: { status: 200, body: { name: `${p}t`, id: isInt, inbounds: {} } } });
    const id = (made.body as { id: number }).id;
    this.id = id;
    await x({ method: 'GET', path: `/api/user_template/${id}`, expect: version === '0.7.0' ? { status: 422, detailKeys: ['template_id'] } : { status: 200, body: { name: `${p}t`, id } } });
    await x({ method: 'GET', path: `/api/user_template/${id}?template_id=${id}`, expect: { status: 200, body: { name: `${p}t`, id } } });
    await x({ method: 'DELETE', path: `/api/user_template/${id}?template_id=${id}`, expect: { status: 200, body: null } });
    this.id = undefined;
  },
  async cleanup({ api }) {
    if (this.id !== undefined) await api.call('DELETE', `/api/user_template/${this.id}?template_id=${this.id}`);
  },
};

export const marzbanProbes = (_target: LaneTarget): Probe[] => [notes, fragments, search, singleName, repeatedName, validation, system, nextPlan, adminPasswords, statusInPut, templateById];
