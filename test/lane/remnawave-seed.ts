import type { RemnawaveApi } from '../helpers/remnawave-api.ts';

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

/** Removes what a case made on a shared panel, its users first; whatever is already gone is skipped. */
export async function cleanUp(api: RemnawaveApi, p: string): Promise<void> {
  const users = await api.call<{ users: Array<{ id: number; username: string }> }>('GET', `/api/users?size=1000&filters=${encodeURIComponent(JSON.stringify([{ id: 'username', value: p }]))}`);
  for (const u of users.users) if (u.username.startsWith(p)) await api.raw('DELETE', `/api/users/${u.id}`);
  for (const h of await api.call<Array<{ uuid: string; remark: string }>>('GET', '/api/hosts')) if (h.remark.startsWith(p)) await api.raw('DELETE', `/api/hosts/${h.uuid}`);
  for (const n of await api.call<Array<{ uuid: string; name: string }>>('GET', '/api/nodes')) if (n.name.startsWith(p)) await api.raw('DELETE', `/api/nodes/${n.uuid}`);
  const squads = await api.call<{ internalSquads: Array<{ uuid: string; name: string }> }>('GET', '/api/internal-squads');
  for (const s of squads.internalSquads) if (s.name.startsWith(p)) await api.raw('DELETE', `/api/internal-squads/${s.uuid}`);
  const profiles = await api.call<{ configProfiles: Array<{ uuid: string; name: string }> }>('GET', '/api/config-profiles');
  for (const c of profiles.configProfiles) if (c.name.startsWith(p)) await api.raw('DELETE', `/api/config-profiles/${c.uuid}`);
}
