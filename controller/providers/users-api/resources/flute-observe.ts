import type { ObservedObject, Spec } from '../../types.ts';
import { instantOf } from '../php-date.ts';
import type { FluteUser, FluteUserDetail } from '../wire.ts';
import type { CanonicalBlock } from './user-spec.ts';

/** Marks an observed user as read from the Flute module, for the comparison and export. */
export const FLUTE = 'flute';

function blockOf(user: FluteUser, detail: FluteUserDetail | undefined): CanonicalBlock {
  if (!user.is_blocked) return false;
  const info = detail?.block_info;
  const until = instantOf(info?.blockedUntil ?? null);
  return { ...(info?.reason ? { reason: info.reason } : {}), until: until ?? 'never' };
}

/**
 * A user of the Flute module, keyed on `login` (users-api.md §7). The list already carries
 * role names and `is_blocked`; the detail is read only for a block's reason and end.
 */
export function observeFluteUser(user: FluteUser & { login: string }, roleId: (name: string) => number | undefined, detail?: FluteUserDetail): ObservedObject {
  const roles = [...user.roles].sort();
  const spec: Spec = {
    email: user.email ?? '',
    blocked: blockOf(user, detail),
    roles,
    roleIds: roles.map(roleId).filter((id): id is number => id !== undefined).sort((a, b) => a - b),
    name: user.name,
    dialect: FLUTE,
  };
  return { kind: 'User', key: user.login, id: user.id, spec };
}
