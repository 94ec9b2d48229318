import type { LaneContext } from '../adapter.ts';

export const GiB = 2 ** 30;
const DAY = 86_400;

/**
 * A panel as an operator finds it, built through Marzban's own API with the run's prefix: an
 * owner admin, users in every status a client can reach (active, disabled, on_hold, expired),
 * case twins (every SQLite release keeps them, §16.5), a template and a node. Traffic stays 0:
 * only a running core counts it.
 */
export async function seedMarzban({ api, prefix, target }: LaneContext): Promise<void> {
  const p = prefix;
  const now = Math.floor(Date.now() / 1000);
  await api.ok('POST', '/api/admin', { username: `${p}res`, password: `${p}-owner-pass`, is_sudo: false });
  const user = (name: string, extra: object = {}) => api.ok('POST', '/api/user', { username: `${p}${name}`, proxies: { vmess: {}, vless: {} }, inbounds: {}, ...extra });
  await user('ann', { data_limit: 50 * GiB, expire: now + 30 * DAY, note: 'Grüße 🚀' });
  await user('bob', { proxies: { trojan: {} }, inbounds: { trojan: ['Trojan Websocket TLS'] } });
  await user('Bob', { proxies: { shadowsocks: { method: 'aes-256-gcm' } } });
  await user('cara');
  await api.ok('PUT', `/api/user/${p}cara`, { status: 'disabled' });
  await user('dan', { status: 'on_hold', on_hold_expire_duration: 30 * DAY });
  // A past expire is taken as active on create and becomes expired on the next write (§13).
  await user('eve', { data_limit: GiB });
  await api.ok('PUT', `/api/user/${p}eve`, { expire: now - DAY });
  await user('fay', target.version === '0.8.4' ? { next_plan: { data_limit: 10 * GiB, expire: 0, add_remaining_traffic: false, fire_on_either: true } } : {});
  for (const u of ['ann', 'cara']) await api.ok('PUT', `/api/user/${p}${u}/set-owner?admin_username=${p}res`);
  await api.ok('POST', '/api/user_template', { name: `${p}monthly`, data_limit: 30 * GiB, expire_duration: 30 * DAY, inbounds: { vmess: ['VMess TCP'] } });
  // A node that never answers (a closed loopback port): the panel marks it `error`, which the lane does not compare.
  await api.ok('POST', '/api/node', { name: `${p}edge`, address: '127.0.0.1', port: 9, api_port: 9, add_as_new_host: false });
}
