import type { UaUser, UsersApiState } from './state.ts';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const summary = (state: UsersApiState, u: UaUser) => ({
  id: u.id,
  username: u.username,
  email: u.email,
  created_at: iso(u.createdAt),
  status: state.isBlocked(u) ? 'blocked' : 'active',
});

export const roleObjects = (state: UsersApiState, u: UaUser) => u.roleIds.map((id) => state.roles.find((r) => r.id === id)).filter((r) => r !== undefined);

/** UserDetail, plus `block_info` as the real module returns it, so a block's reason can be read. */
export const detail = (state: UsersApiState, u: UaUser) => ({
  ...summary(state, u),
  updated_at: iso(u.updatedAt),
  roles: roleObjects(state, u),
  block_info: state.isBlocked(u) && u.block ? { reason: u.block.reason, blockedUntil: u.block.until === null ? null : iso(u.block.until) } : null,
});
