/** PasarGuard's JSON shapes (pasarguard.md §4-§10), as the panel sends and accepts them. */
export type Protocol = 'vmess' | 'vless' | 'trojan' | 'shadowsocks' | 'wireguard' | 'hysteria';

export type WireStatus = 'active' | 'disabled' | 'limited' | 'expired' | 'on_hold';

/** Every user always carries all six (§5.2): a whole table, never a part of one. */
export type WireProxySettings = Record<Protocol, Record<string, unknown>>;

export interface WireNextPlan {
  user_template_id: number | null;
  data_limit: number | null;
  /** Seconds from when the plan fires, not an instant (§5.7, §13). */
  expire: number | null;
  add_remaining_traffic: boolean;
}

export interface WireRole {
  id: number;
  name: string;
  is_owner?: boolean;
}

export interface WireAdmin {
  id: number;
  username: string;
  telegram_id: number | null;
  discord_webhook: string | null;
  note: string | null;
  data_limit: number | null;
  status: 'active' | 'disabled' | 'limited';
  role: WireRole | null;
  is_disabled?: boolean;
}

export interface WireUser {
  id: number;
  username: string;
  proxy_settings: WireProxySettings;
  expire: string | null;
  data_limit: number | null;
  data_limit_reset_strategy: string;
  note: string | null;
  on_hold_expire_duration: number | null;
  on_hold_timeout: string | null;
  group_ids: number[] | null;
  hwid_limit: number | null;
  next_plan: WireNextPlan | null;
  status: WireStatus;
  used_traffic: number;
  admin: { id: number; username: string } | null;
}

export interface WireGroup {
  id: number;
  name: string;
  inbound_tags: string[];
  is_disabled: boolean;
}

export interface WireTemplate {
  id: number;
  name: string;
  data_limit: number | null;
  expire_duration: number | null;
  username_prefix: string | null;
  username_suffix: string | null;
  group_ids: number[];
  extra_settings: { method?: string } | null;
  status: 'active' | 'on_hold';
  reset_usages: boolean | null;
  on_hold_timeout: number | null;
  data_limit_reset_strategy: string;
  hwid_limit: number | null;
  is_disabled: boolean | null;
}

export interface WireNode {
  id: number;
  name: string;
  address: string;
  port: number;
  api_port: number;
  usage_coefficient: number;
  connection_type: 'grpc' | 'rest';
  keep_alive: number;
  core_config_id: number;
  /** The node's shared secret, answered in clear (§10): never copied into an observed spec. */
  api_key?: string;
  server_ca?: string;
  data_limit: number | null;
  data_limit_reset_strategy: string;
  status: 'connected' | 'connecting' | 'error' | 'disabled' | 'limited';
  message: string | null;
}

/** A host as the panel answers it; every field is sent back on a PUT (§9: a PUT replaces the host). */
export interface WireHost {
  id: number;
  remark: string;
  inbound_tag: string | null;
  priority: number;
  address: string[];
  port: number | null;
  sni: string[];
  host: string[];
  path: string | null;
  security: string;
  alpn: string[];
  fingerprint: string;
  allowinsecure: boolean | null;
  is_disabled: boolean | null;
  [field: string]: unknown;
}
