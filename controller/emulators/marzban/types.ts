import type { WithFuture } from './future-fields.ts';

/** The Marzban emulator's records (marzban.md §4-§9). Times are Unix ms unless named otherwise. */

export type Protocol = 'vmess' | 'vless' | 'trojan' | 'shadowsocks';
export const PROTOCOLS: readonly Protocol[] = ['vmess', 'vless', 'trojan', 'shadowsocks'];

export type UserStatus = 'active' | 'disabled' | 'limited' | 'expired' | 'on_hold';

export interface ProxySettings extends WithFuture {
  id?: string;
  password?: string;
  flow?: string;
  method?: string;
}

export interface NextPlan {
  data_limit: number | null;
  expire: number | null;
  add_remaining_traffic: boolean;
  fire_on_either: boolean;
}

export interface EmuUser extends WithFuture {
  username: string;
  proxies: Partial<Record<Protocol, ProxySettings>>;
  /** Inbounds stored as exclusions against the live config (§5.1, §12.8). */
  excluded: Set<string>;
  expire: number | null;
  data_limit: number | null;
  data_limit_reset_strategy: string;
  status: UserStatus;
  note: string | null;
  on_hold_expire_duration: number | null;
  on_hold_timeout: string | null;
  auto_delete_in_days: number | null;
  next_plan: NextPlan | null;
  used_traffic: number;
  lifetime_used_traffic: number;
  created_at: number;
  edit_at: number;
  online_at: number | null;
  /** Owner: a DB admin's username, or null for the env sudoer. */
  admin: string | null;
  /** Created without `proxies` on 0.8.4: every read of it answers 500 (§5.4). */
  broken: boolean;
  /** How many times revoke_sub rotated its credentials (for tests). */
  credentialRotations: number;
}

export interface EmuAdmin extends WithFuture {
  username: string;
  passwordHash: string;
  salt: string;
  is_sudo: boolean;
  telegram_id: number | null;
  discord_webhook: string | null;
  /** Seconds; tokens issued before it are revoked (§2). */
  password_reset_at: number;
}

export interface EmuInbound {
  tag: string;
  protocol: Protocol;
  network: string;
  tls: string;
  port: number;
}

export interface EmuHost extends WithFuture {
  remark: string;
  address: string;
  port: number | null;
  sni: string | null;
  host: string | null;
  path: string | null;
  security: string;
  alpn: string;
  fingerprint: string;
  allowinsecure: boolean | null;
  is_disabled: boolean | null;
  mux_enable: boolean | null;
  fragment_setting: string | null;
  noise_setting: string | null;
  random_user_agent: boolean | null;
  use_sni_as_host: boolean | null;
}

export interface EmuTemplate extends WithFuture {
  id: number;
  name: string;
  data_limit: number;
  expire_duration: number;
  username_prefix: string | null;
  username_suffix: string | null;
  /** A flat tag set (§7). */
  tags: Set<string>;
}

export interface EmuNode extends WithFuture {
  id: number;
  name: string;
  address: string;
  port: number;
  api_port: number;
  usage_coefficient: number;
  status: 'connected' | 'connecting' | 'error' | 'disabled';
  xray_version: string | null;
  message: string | null;
}

/** The releases whose shapes the emulator reproduces (marzban.md §11, §13-§15). */
export type MarzbanVersion = '0.4.2' | '0.7.0' | '0.8.4';

export const DEFAULT_INBOUNDS: readonly EmuInbound[] = [
  { tag: 'VMess TCP', protocol: 'vmess', network: 'tcp', tls: 'none', port: 8081 },
  { tag: 'VMess Websocket', protocol: 'vmess', network: 'ws', tls: 'none', port: 8080 },
  { tag: 'VLESS TCP REALITY', protocol: 'vless', network: 'tcp', tls: 'reality', port: 8443 },
  { tag: 'VLESS GRPC REALITY', protocol: 'vless', network: 'grpc', tls: 'reality', port: 2053 },
  { tag: 'Trojan Websocket TLS', protocol: 'trojan', network: 'ws', tls: 'tls', port: 2083 },
  { tag: 'Shadowsocks TCP', protocol: 'shadowsocks', network: 'tcp', tls: 'none', port: 1080 },
];
