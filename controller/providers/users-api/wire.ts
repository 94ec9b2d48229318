/** The Users API's JSON shapes (users-api.md §2, §4). */

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
  blockedUntil?: string | null;
}

export interface WireUserDetail extends WireUserSummary {
  roles?: Array<WireRole | string>;
  block_info?: WireBlockInfo | null;
  block?: WireBlockInfo | null;
}
