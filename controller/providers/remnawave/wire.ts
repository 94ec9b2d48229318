/** Remnawave 3.x JSON shapes panelops reads and writes (remnawave.md §4-§11). Success bodies are wrapped in `{response}`. */

export type WireStatus = 'ACTIVE' | 'DISABLED' | 'LIMITED' | 'EXPIRED';
export type WireStrategy = 'NO_RESET' | 'DAY' | 'WEEK' | 'MONTH' | 'MONTH_ROLLING';

export interface WireUser {
  id: number;
  username: string;
  shortUuid: string;
  status: WireStatus;
  trafficLimitBytes: number;
  trafficLimitStrategy: WireStrategy;
  expireAt: string;
  telegramId: number | null;
  email: string | null;
  description: string | null;
  tag: string | null;
  hwidDeviceLimit: number | null;
  externalSquadUuid: string | null;
  vlessUuid: string;
  trojanPassword: string;
  ssPassword: string;
  activeInternalSquads: Array<{ uuid: string; name: string }>;
  userTraffic?: { usedTrafficBytes: number; lifetimeUsedTrafficBytes: number } | null;
}

export interface WireInbound {
  uuid: string;
  profileUuid: string;
  tag: string;
  type: string;
}

export interface WireConfigProfile {
  uuid: string;
  name: string;
  inbounds: WireInbound[];
}

export interface WireSquad {
  uuid: string;
  name: string;
  inbounds: WireInbound[];
}

export interface WireNode {
  uuid: string;
  name: string;
  address: string;
  port: number | null;
  isDisabled: boolean;
  countryCode: string;
  consumptionMultiplier: number;
  isTrafficTrackingActive: boolean;
  trafficLimitBytes: number | null;
  trafficResetDay: number | null;
  notifyPercent: number | null;
  tags: string[];
  note: string | null;
  configProfile: { activeConfigProfileUuid: string | null; activeInbounds: WireInbound[] };
}

export interface WireHost {
  uuid: string;
  remark: string;
  address: string;
  port: number;
  path: string | null;
  sni: string | null;
  host: string | null;
  alpn: string | null;
  fingerprint: string | null;
  isDisabled: boolean;
  securityLayer: 'DEFAULT' | 'TLS' | 'NONE';
  serverDescription: string | null;
  tags: string[];
  isHidden: boolean;
  inbound: { configProfileUuid: string | null; configProfileInboundUuid: string | null };
  nodes: string[];
  excludedInternalSquads: string[];
}
