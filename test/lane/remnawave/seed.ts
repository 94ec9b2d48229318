import type { RemnawaveApi } from '../../helpers/remnawave-api.ts';

interface Inbound {
  uuid: string;
  tag: string;
}

/** What a case seeds through the panel's own API: a config profile with two inbounds and two squads, all under the case's prefix. */
export interface RemnawaveBase {
  profile: { uuid: string; name: string };
  vless: Inbound;
  trojan: Inbound;
  squadA: { uuid: string; name: string };
  squadB: { uuid: string; name: string };
}

export function profileConfig(vlessTag: string, trojanTag: string, port = 20_000): Record<string, unknown> {
  return {
    log: { loglevel: 'info' },
    inbounds: [
      { tag: vlessTag, port, protocol: 'vless', settings: { clients: [], decryption: 'none' }, streamSettings: { network: 'tcp', security: 'none' } },
      { tag: trojanTag, port: port + 1, protocol: 'trojan', settings: { clients: [] }, streamSettings: { network: 'tcp', security: 'none' } },
    ],
    outbounds: [{ tag: 'DIRECT', protocol: 'freedom' }],
  };
}

export async function seedBase(api: RemnawaveApi, p: string, port = 20_000): Promise<RemnawaveBase> {
  const profile = await api.call<{ uuid: string; name: string; inbounds: Inbound[] }>('POST', '/api/config-profiles', { name: `${p}-prof`, config: profileConfig(`${p}-vless`, `${p}-trojan`, port) });
  const [vless, trojan] = [profile.inbounds.find((i) => i.tag === `${p}-vless`), profile.inbounds.find((i) => i.tag === `${p}-trojan`)];
  if (!vless || !trojan) throw new Error('the profile has no inbounds');
  const squadA = await api.call<{ uuid: string; name: string }>('POST', '/api/internal-squads', { name: `${p}-a`, inbounds: [vless.uuid] });
  const squadB = await api.call<{ uuid: string; name: string }>('POST', '/api/internal-squads', { name: `${p}-b`, inbounds: [trojan.uuid] });
  return { profile: { uuid: profile.uuid, name: profile.name }, vless, trojan, squadA, squadB };
}

export const GiB = 2 ** 30;
export const FUTURE = '2031-01-01T00:00:00.000Z';
/** Pinned credentials a migration carries over (§15), as the seeded user `eve` has them. */
/** The VLESS UUID the cycle's new user pins through a secret ref. */
export const GUS_VLESS = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';
export const PINNED = { vlessUuid: '0f1e2d3c-4b5a-4697-8877-665544332211', trojanPassword: 'carried-trojan-pass', ssPassword: 'carried-ss-password' };

/**
 * A panel as an operator finds it, built through the panel's own API under the case's prefix:
 * users in two squads, a disabled user, a LIMITED user (create takes any status, §4.6), a user
 * with pinned credentials, a node and a host that someone disabled. Traffic stays 0: only a
 * running node counts it.
 */
export async function seedCycle(api: RemnawaveApi, p: string): Promise<RemnawaveBase> {
  const base = await seedBase(api, p, 25_000);
  const user = (name: string, extra: object = {}) => api.call('POST', '/api/users', { username: `${p}${name}`, expireAt: FUTURE, ...extra });
  await user('ann', { trafficLimitBytes: 50 * GiB, description: 'Grüße 🚀', activeInternalSquads: [base.squadA.uuid, base.squadB.uuid] });
  await user('bob', { activeInternalSquads: [base.squadA.uuid] });
  await user('cara', { status: 'DISABLED' });
  await user('dan', { status: 'LIMITED', trafficLimitBytes: GiB, activeInternalSquads: [base.squadB.uuid] });
  await user('eve', { ...PINNED, shortUuid: `${p}evesub`, trafficLimitStrategy: 'MONTH_ROLLING', activeInternalSquads: [base.squadA.uuid] });
  await user('fay', { activeInternalSquads: [base.squadB.uuid] });
  const node = await api.call<{ uuid: string }>('POST', '/api/nodes', { name: `${p}-node`, address: `${p}.node.invalid`, port: 2222, configProfile: { activeConfigProfileUuid: base.profile.uuid, activeInbounds: [base.vless.uuid] } });
  await api.call('POST', '/api/hosts', {
    remark: `${p}-host`, address: 'eu.example', port: 443, sni: 'eu.example', isDisabled: true, nodes: [node.uuid],
    inbound: { configProfileUuid: base.profile.uuid, configProfileInboundUuid: base.vless.uuid },
  });
  return base;
}
