import type { MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { marzbanApi } from './marzban-api.ts';

const GiB = 2 ** 30;

/**
 * A panel as an operator finds it, built through the panel's own API (and the emulator's
 * traffic counters): admins, users in every status (case twins where names are
 * case-sensitive), a template, a node and edited hosts. Only what the release has is sent.
 */
export async function seedThroughApi(emu: MarzbanEmulator): Promise<void> {
  const api = await marzbanApi(emu.url);
  const release = emu.state.version;
  await api.send('POST', '/api/admin', { username: 'reseller', password: 'reseller-pass', is_sudo: false });
  await api.send('POST', '/api/admin', { username: 'boss', password: 'boss-pass', is_sudo: true });
  const user = (username: string, extra: object = {}) => api.send('POST', '/api/user', { username, proxies: { vmess: {}, vless: {} }, inbounds: {}, ...extra });
  await user('ann', { data_limit: 50 * GiB, expire: Math.floor(emu.state.clock.now() / 1000) + 30 * 86_400, note: 'Grüße 🚀' });
  await user('bob', { proxies: { trojan: {} }, inbounds: { trojan: ['Trojan Websocket TLS'] } });
  if (emu.state.db.caseSensitive) await user('Bob', { proxies: { shadowsocks: { method: 'aes-256-gcm' } } });
  await user('cara');
  await api.send('PUT', '/api/user/cara', { status: 'disabled' });
  await user('dan', { status: 'on_hold', on_hold_expire_duration: 30 * 86_400 });
  await user('eve', { data_limit: GiB });
  await user('fay', release === '0.8.4' ? { next_plan: { data_limit: 10 * GiB, expire: 0, add_remaining_traffic: false, fire_on_either: true } } : {});
  for (const u of ['ann', 'cara']) await api.send('PUT', `/api/user/${u}/set-owner?admin_username=reseller`);
  emu.setUsedTraffic('ann', 3 * GiB);
  emu.setUsedTraffic('eve', 2 * GiB);
  emu.tick(); // eve becomes limited
  await api.send('POST', '/api/user_template', { name: 'monthly', data_limit: 30 * GiB, expire_duration: 30 * 86_400, inbounds: { vmess: ['VMess TCP'] } });
  await api.send('POST', '/api/node', { name: 'edge', address: 'edge.example', add_as_new_host: false });
  const hosts = await api.get<Record<string, unknown[]>>('/api/hosts');
  await api.send('PUT', '/api/hosts', { 'VLESS TCP REALITY': [...(hosts['VLESS TCP REALITY'] ?? []), { remark: 'eu ({USERNAME})', address: 'eu.example', sni: 'eu.example' }] });
  emu.tick(); // the node connects
}
