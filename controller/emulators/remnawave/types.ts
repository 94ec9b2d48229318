/** The emulated panel's rows (remnawave.md §4-§11), in memory. Times are epoch milliseconds. */

export type UserStatus = 'ACTIVE' | 'DISABLED' | 'LIMITED' | 'EXPIRED';
export const USER_STATUSES: readonly UserStatus[] = ['ACTIVE', 'DISABLED', 'LIMITED', 'EXPIRED'];
export const STRATEGIES = ['NO_RESET', 'DAY', 'WEEK', 'MONTH', 'MONTH_ROLLING'] as const;

export interface EmuUser {
  id: number;
  username: string;
  shortUuid: string;
  status: UserStatus;
  trafficLimitBytes: number;
  trafficLimitStrategy: string;
  expireAt: number;
  telegramId: number | null;
  email: string | null;
  description: string | null;
  tag: string | null;
  hwidDeviceLimit: number | null;
  externalSquadUuid: string | null;
  vlessUuid: string;
  trojanPassword: string;
  ssPassword: string;
  lastTriggeredThreshold: number;
  subRevokedAt: number | null;
  lastTrafficResetAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** Internal squad uuids. */
  squads: string[];
  used: number;
  lifetimeUsed: number;
}

export interface EmuInbound {
  uuid: string;
  profileUuid: string;
  tag: string;
  type: string;
  network: string | null;
  security: string | null;
  port: number | null;
  rawInbound: Record<string, unknown>;
}

export interface EmuProfile {
  uuid: string;
  name: string;
  config: Record<string, unknown>;
  inbounds: EmuInbound[];
  createdAt: number;
  updatedAt: number;
}

export interface EmuSquad {
  uuid: string;
  name: string;
  /** Inbound uuids. */
  inbounds: string[];
  createdAt: number;
  updatedAt: number;
}

export interface EmuNode {
  uuid: string;
  name: string;
  address: string;
  port: number | null;
  isDisabled: boolean;
  countryCode: string;
  consumptionMultiplier: number;
  isTrafficTrackingActive: boolean;
  trafficLimitBytes: number | null;
  trafficResetDay: number;
  notifyPercent: number;
  tags: string[];
  note: string | null;
  profileUuid: string | null;
  /** Inbound uuids. */
  inbounds: string[];
  createdAt: number;
  updatedAt: number;
}

export interface EmuHost {
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
  securityLayer: string;
  serverDescription: string | null;
  tags: string[];
  isHidden: boolean;
  profileUuid: string | null;
  inboundUuid: string | null;
  nodes: string[];
  excludedInternalSquads: string[];
}

/** An API token the panel issued: its scopes, and whether it was deleted since. */
export interface EmuToken {
  uuid: string;
  scopes: string[];
  deleted: boolean;
}
