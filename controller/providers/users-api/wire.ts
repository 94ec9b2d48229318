/** The Users API's JSON shapes: the seed's (users-api.md §2) and the Flute module's (§4, §7). */

export interface WireRole {
  id: number;
  name: string;
  description?: string;
}

export interface WireUserSummary {
  id: number;
  username: string;
  email: string;
  status: string;
  created_at?: string;
}

/** Block details: the seed leaves them out; the Flute module returns `block_info`. Both are read. */
export interface WireBlockInfo {
  reason?: string | null;
  until?: string | null;
  blockedUntil?: string | PhpDateTime | null;
}

export interface WireUserDetail extends WireUserSummary {
  roles?: Array<WireRole | string>;
  block_info?: WireBlockInfo | null;
  block?: WireBlockInfo | null;
}

/** What PHP's json_encode makes of a DateTime: local time and its zone (§7). */
export interface PhpDateTime {
  date: string;
  timezone_type?: number;
  timezone: string;
}

/** A user as the Flute module lists it: `login` is null for temporary users; roles are names. */
export interface FluteUser {
  id: number;
  name: string;
  login: string | null;
  email: string | null;
  is_blocked: boolean;
  roles: string[];
  created_at?: string;
}

export interface FluteUserDetail extends FluteUser {
  block_info?: WireBlockInfo | null;
}

/** GET /api/roles (needs admin.roles): the only place role names meet their ids. */
export interface FluteRole {
  id: number;
  name: string;
}
