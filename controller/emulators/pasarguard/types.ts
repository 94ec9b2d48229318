/** The PasarGuard emulator's records (pasarguard.md §4-§10). Times are Unix ms. */

export type Protocol = 'vmess' | 'vless' | 'trojan' | 'shadowsocks' | 'wireguard' | 'hysteria';
export const PROTOCOLS: readonly Protocol[] = ['vmess', 'vless', 'trojan', 'shadowsocks', 'wireguard', 'hysteria'];

export type UserStatus = 'active' | 'disabled' | 'limited' | 'expired' | 'on_hold';
export const USER_STATUSES: readonly UserStatus[] = ['active', 'disabled', 'limited', 'expired', 'on_hold'];
export const RESET_STRATEGIES = ['no_reset', 'day', 'week', 'month', 'year'];
export const SS_METHODS = ['aes-128-gcm', 'aes-256-gcm', 'chacha20-ietf-poly1305', 'xchacha20-poly1305'];

export type ProxyTable = Record<Protocol, Record<string, unknown>>;

export interface NextPlan {
  user_template_id: number | null;
  data_limit: number | null;
  /** Seconds from when the plan fires. */
  expire: number | null;
  add_remaining_traffic: boolean;
}

export interface EmuUser {
  id: number;
  username: string;
  proxy_settings: ProxyTable;
  expire: number | null;
  data_limit: number | null;
  data_limit_reset_strategy: string;
  note: string | null;
  on_hold_expire_duration: number | null;
  on_hold_timeout: number | null;
  group_ids: number[];
  auto_delete_in_days: number | null;
  hwid_limit: number | null;
  next_plan: NextPlan | null;
  status: UserStatus;
  used_traffic: number;
  lifetime_used_traffic: number;
  created_at: number;
  edit_at: number | null;
  online_at: number | null;
  admin_id: number | null;
  sub_revoked_at: number | null;
  /** For tests: how often the panel generated credentials over existing ones. */
  credentialRotations: number;
}

/** A permission: allowed everywhere, or a scope (1 = own users, 2 = all). */
export type Permission = true | { scope: 0 | 1 | 2 };

export interface EmuRole {
  id: number;
  name: string;
  is_owner: boolean;
  permissions: Record<string, Record<string, Permission>>;
}

export interface EmuAdmin {
  id: number;
  username: string;
  salt: string;
  passwordHash: string;
  role_id: number;
  /** When the password last changed: tokens issued before it are refused (§2). */
  password_reset_at: number | null;
  status: 'active' | 'disabled';
  telegram_id: number | null;
  discord_webhook: string | null;
  sub_domain: string | null;
  profile_title: string | null;
  support_url: string | null;
  note: string | null;
  data_limit: number | null;
  used_traffic: number;
}

export interface EmuApiKey {
  id: number;
  admin_id: number;
  name: string;
  key: string;
}

export interface EmuGroup {
  id: number;
  name: string;
  inbound_tags: string[];
  is_disabled: boolean;
}

export interface EmuTemplate {
  id: number;
  name: string;
  data_limit: number;
  expire_duration: number;
  username_prefix: string | null;
  username_suffix: string | null;
  group_ids: number[];
  extra_settings: { method: string } | null;
  status: 'active' | 'on_hold';
  reset_usages: boolean;
  on_hold_timeout: number | null;
  data_limit_reset_strategy: string;
  hwid_limit: number | null;
  is_disabled: boolean;
}

export interface EmuNode {
  id: number;
  name: string;
  address: string;
  port: number;
  api_port: number;
  usage_coefficient: number;
  connection_type: 'grpc' | 'rest';
  server_ca: string;
  keep_alive: number;
  core_config_id: number;
  api_key: string;
  data_limit: number;
  data_limit_reset_strategy: string;
  reset_time: number;
  default_timeout: number;
  internal_timeout: number;
  proxy_url: string | null;
  status: 'connected' | 'connecting' | 'error' | 'disabled' | 'limited';
  message: string | null;
}

/** A host: every field the panel answers, in its order (§9). */
export type EmuHost = Record<string, unknown> & { id: number; remark: string; priority: number };
