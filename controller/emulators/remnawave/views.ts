import type { RemnawaveState } from './state.ts';
import type { EmuHost, EmuInbound, EmuNode, EmuProfile, EmuSquad, EmuUser } from './types.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** A user as the panel answers it, in its key order (§4.1). */
export function userView(state: RemnawaveState, u: EmuUser): Record<string, unknown> {
  return {
    id: u.id,
    shortUuid: u.shortUuid,
    username: u.username,
    status: u.status,
    trafficLimitBytes: u.trafficLimitBytes,
    trafficLimitStrategy: u.trafficLimitStrategy,
    expireAt: iso(u.expireAt),
    // 0 reads back as null (a falsy check in the panel's response model, §4.1).
    telegramId: u.telegramId || null,
    email: u.email,
    description: u.description,
    tag: u.tag,
    hwidDeviceLimit: u.hwidDeviceLimit,
    externalSquadUuid: u.externalSquadUuid,
    trojanPassword: u.trojanPassword,
    vlessUuid: u.vlessUuid,
    ssPassword: u.ssPassword,
    lastTriggeredThreshold: u.lastTriggeredThreshold,
    subRevokedAt: iso(u.subRevokedAt),
    lastTrafficResetAt: iso(u.lastTrafficResetAt),
    createdAt: iso(u.createdAt),
    updatedAt: iso(u.updatedAt),
    subscriptionUrl: `https://${state.subDomain}/${u.shortUuid}`,
    activeInternalSquads: u.squads.map((uuid) => ({ uuid, name: state.squads.get(uuid)?.name ?? '' })),
    userTraffic: { usedTrafficBytes: u.used, lifetimeUsedTrafficBytes: u.lifetimeUsed, onlineAt: null, lastConnectedNodeUuid: null, firstConnectedAt: null },
  };
}

export const inboundView = (i: EmuInbound) => ({ uuid: i.uuid, profileUuid: i.profileUuid, tag: i.tag, type: i.type, network: i.network, security: i.security, port: i.port, rawInbound: i.rawInbound });

export function squadView(state: RemnawaveState, s: EmuSquad): Record<string, unknown> {
  let members = 0;
  for (const u of state.users.values()) if (u.squads.includes(s.uuid)) members += 1;
  const inbounds = s.inbounds.map((uuid) => state.inbound(uuid)).filter((i): i is EmuInbound => i !== undefined);
  return {
    uuid: s.uuid,
    viewPosition: 1,
    name: s.name,
    info: { membersCount: members, inboundsCount: inbounds.length },
    inbounds: inbounds.map(inboundView),
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}

export const profileView = (p: EmuProfile) => ({ uuid: p.uuid, viewPosition: 1, name: p.name, config: p.config, inbounds: p.inbounds.map(inboundView), nodes: [], createdAt: iso(p.createdAt), updatedAt: iso(p.updatedAt) });

export function nodeView(state: RemnawaveState, n: EmuNode): Record<string, unknown> {
  return {
    uuid: n.uuid,
    name: n.name,
    address: n.address,
    port: n.port,
    isConnected: false,
    isDisabled: n.isDisabled,
    trafficResetDay: n.trafficResetDay,
    consumptionMultiplier: n.consumptionMultiplier,
    nodeConsumptionMultiplier: 1,
    isTrafficTrackingActive: n.isTrafficTrackingActive,
    trafficLimitBytes: n.trafficLimitBytes,
    trafficUsedBytes: 0,
    notifyPercent: n.notifyPercent,
    note: n.note,
    countryCode: n.countryCode,
    tags: n.tags,
    createdAt: iso(n.createdAt),
    updatedAt: iso(n.updatedAt),
    configProfile: {
      activeConfigProfileUuid: n.profileUuid,
      activeInbounds: n.inbounds.map((uuid) => state.inbound(uuid)).filter((i): i is EmuInbound => i !== undefined).map(inboundView),
    },
  };
}

export const hostView = (h: EmuHost) => ({
  uuid: h.uuid,
  viewPosition: 1,
  remark: h.remark,
  address: h.address,
  port: h.port,
  path: h.path,
  sni: h.sni,
  host: h.host,
  alpn: h.alpn,
  fingerprint: h.fingerprint,
  isDisabled: h.isDisabled,
  securityLayer: h.securityLayer,
  serverDescription: h.serverDescription,
  tags: h.tags,
  isHidden: h.isHidden,
  inbound: { configProfileUuid: h.profileUuid, configProfileInboundUuid: h.inboundUuid },
  nodes: h.nodes,
  excludedInternalSquads: h.excludedInternalSquads,
});
