/**
 * Record types of the 3x-ui emulator's in-memory database: the `clients` table (one row
 * per email), the `client_inbounds` links, the `client_traffics` counters and the
 * inbounds whose `settings.clients[]` mirror every attached client (3x-ui.md §4, §5).
 */

export type XuiProtocol =
  | 'vmess'
  | 'vless'
  | 'trojan'
  | 'shadowsocks'
  | 'wireguard'
  | 'hysteria'
  | 'http'
  | 'mixed'
  | 'tunnel'
  | 'tun'
  | 'mtproto';

export const XUI_PROTOCOLS: readonly XuiProtocol[] = [
  'vmess', 'vless', 'trojan', 'shadowsocks', 'wireguard', 'hysteria', 'http', 'mixed', 'tunnel', 'tun', 'mtproto',
];

export type XuiTokenScope = 'admin' | 'monitor' | 'node-sync';

export interface XuiExternalLink {
  kind: string;
  value: string;
  remark: string;
  enable?: boolean;
  expiryTime?: number;
  namePrefix?: string;
}

/** A row of the clients table. Times are Unix ms, quotas bytes (§1). */
export interface XuiClient {
  /** Integer row id (the read shape's `id`). */
  id: number;
  email: string;
  /** vless/vmess credential (the write shape's `id`). */
  uuid: string;
  password: string;
  auth: string;
  secret: string;
  adTag: string;
  privateKey: string;
  publicKey: string;
  allowedIPs: string[];
  preSharedKey: string;
  keepAlive: number;
  /** The flow the client was given; each inbound's entry carries it or strips it (§4.1). */
  flow: string;
  /**
   * The record's stored flow column, which `list` returns: every inbound sync overwrites it
   * with that inbound's (possibly stripped) entry flow, so it is often "" on a client that
   * is also on a non-flow inbound. Only `get` derives the effective flow (§11).
   */
  flowColumn: string;
  security: string;
  limitIp: number;
  limitHwid: number;
  totalGB: number;
  /** 0 = never; negative = delayed start of |value| ms (§4.1). */
  expiryTime: number;
  enable: boolean;
  tgId: number;
  subId: string;
  group: string;
  comment: string;
  reset: number;
  resetDay: number;
  resetMax: number;
  trafficReset: string;
  trafficResetDay: number;
  reverse: { tag: string } | null;
  createdAt: number;
  updatedAt: number;
  /** Attached inbound ids, ascending: the client_inbounds link rows. */
  inboundIds: number[];
  externalLinks: XuiExternalLink[];
  /** Fields of a newer release the emulator was told to carry (XuiModel.extraFields). */
  extra: Record<string, unknown>;
}

/** A row of client_traffics, keyed by email; it can outlive its client (keepTraffic). */
export interface XuiTraffic {
  id: number;
  /** The first inbound at creation time; stale afterwards (§4.1). */
  inboundId: number;
  enable: boolean;
  email: string;
  up: number;
  down: number;
  expiryTime: number;
  total: number;
  reset: number;
  resetDay: number;
  resetMax: number;
  resetCount: number;
  lastOnline: number;
  lastSubFetch: number;
}

/** A write-shape client entry as found in an inbound's settings.clients[] (§4.1, §4.2). */
export type XuiSettingsClient = Record<string, unknown> & { email: string; enable: boolean };

export interface XuiInbound {
  id: number;
  remark: string;
  enable: boolean;
  up: number;
  down: number;
  total: number;
  expiryTime: number;
  listen: string;
  port: number;
  protocol: XuiProtocol;
  /** Inbound settings; `clients` is a live view of the attached clients' entries. */
  settings: Record<string, unknown> & { readonly clients: XuiSettingsClient[] };
  streamSettings: Record<string, unknown>;
  sniffing: Record<string, unknown>;
  tag: string;
  subSortIndex: number;
  trafficReset: string;
  trafficResetDay: number;
  lastTrafficResetTime: number;
  shareAddrStrategy: string;
  shareAddr: string;
  disableFlow: boolean;
  /**
   * Attached client row id -> its settings entry when that entry diverged from the record
   * (written through inbounds/add|update, or left behind by a half-applied multi-inbound
   * write, §7.3), or null when the entry mirrors the record.
   */
  entries: Map<number, XuiSettingsClient | null>;
  /** The tag was generated (`in-<port>-<transport>`), so it follows port changes (§5). */
  autoTag: boolean;
}

/** What an inbound is created from (options, addInbound(), the add/update routes). */
export interface XuiInboundInput {
  protocol: XuiProtocol;
  port: number;
  remark?: string;
  tag?: string;
  listen?: string;
  enable?: boolean;
  total?: number;
  expiryTime?: number;
  settings?: Record<string, unknown>;
  streamSettings?: Record<string, unknown>;
  sniffing?: Record<string, unknown>;
  disableFlow?: boolean;
  trafficReset?: string;
  trafficResetDay?: number;
}
