import { describe, expect, it } from 'vitest';
import { updateBody } from '../../../controller/providers/pasarguard/resources/user-write.ts';
import type { WireUser } from '../../../controller/providers/pasarguard/wire.ts';

const table = {
  vmess: { id: 'a1b2c3d4-0000-4000-8000-000000000001' },
  vless: { id: 'a1b2c3d4-0000-4000-8000-000000000002' },
  trojan: { password: 'trojan-secret' },
  shadowsocks: { password: 'shadowsocks-secret-0123456', method: 'chacha20-ietf-poly1305' },
  wireguard: { private_key: null, public_key: null, peer_ips: [] },
  hysteria: { auth: 'hysteria-secret' },
};
const live = (proxy_settings: unknown): WireUser =>
  ({ id: 1, username: 'ann', proxy_settings, next_plan: { user_template_id: null, data_limit: 5, expire: 60, add_remaining_traffic: false }, status: 'active', group_ids: [1] }) as unknown as WireUser;
const ids = { groups: new Map([['vip', 1]]), templates: new Map<string, number>() };

describe('PasarGuard user update bodies (pasarguard.md §5.3)', () => {
  it('leaves credentials and groups out unless they change, and always carries the live next plan', () => {
    const body = updateBody(live(table), { dataLimit: 10 }, new Set(['dataLimit']), ids);
    expect(body).toEqual({ next_plan: { user_template_id: null, data_limit: 5, expire: 60, add_remaining_traffic: false }, data_limit: 10 });
  });

  it('sends the whole table as read when the cipher changes, and only the cipher differs', () => {
    const body = updateBody(live(table), { proxies: { shadowsocks: { method: 'aes-256-gcm' } } }, new Set(['proxies']), ids);
    expect(body.proxy_settings).toEqual({ ...table, shadowsocks: { ...table.shadowsocks, method: 'aes-256-gcm' } });
  });

  it('refuses to send back a table the panel answered with a part missing (the panel would regenerate it)', () => {
    const { hysteria: _h, ...partial } = table;
    expect(() => updateBody(live(partial), { proxies: { shadowsocks: { method: 'aes-256-gcm' } } }, new Set(['proxies']), ids)).toThrow(/lacks hysteria\.auth/);
    expect(() => updateBody(live(undefined), { proxies: { shadowsocks: { method: 'aes-256-gcm' } } }, new Set(['proxies']), ids)).toThrow(/nothing was written/);
  });

  it('sends group_ids [] only for a manifest that says groups: []', () => {
    expect(updateBody(live(table), { groups: [] }, new Set(['groups']), ids).group_ids).toEqual([]);
    expect(updateBody(live(table), { groups: ['vip'] }, new Set(['note']), ids)).not.toHaveProperty('group_ids');
  });
});
