import type { EmuRole, Permission } from './types.ts';

const all: Permission = { scope: 2 };
const own: Permission = { scope: 1 };
const every = (actions: string[], value: Permission = true): Record<string, Permission> => Object.fromEntries(actions.map((a) => [a, value]));

const USER_ACTIONS = ['read', 'read_simple', 'update', 'delete', 'reset_usage', 'revoke_sub', 'activate_next_plan'];
const CRUD = ['create', 'read', 'read_simple', 'update', 'delete'];

const fullPermissions = (): EmuRole['permissions'] => ({
  users: { create: true, ...every(USER_ACTIONS, all), set_owner: true },
  admins: every([...CRUD, 'reset_usage']),
  nodes: every([...CRUD, 'reconnect']),
  groups: every(CRUD),
  hosts: every(['create', 'read', 'update']),
  templates: every(CRUD),
  system: { read: true },
  api_keys: { create: true, read: all, update: all, delete: all },
});

/** The three roles a new panel has (pasarguard.md §2.1), read live from GET /api/admin-roles. */
export const SEEDED_ROLES: readonly EmuRole[] = [
  { id: 1, name: 'owner', is_owner: true, permissions: fullPermissions() },
  { id: 2, name: 'administrator', is_owner: false, permissions: fullPermissions() },
  { id: 3, name: 'operator', is_owner: false, permissions: { users: { create: true, ...every(USER_ACTIONS, own) }, groups: { read_simple: true } } },
];
