import type { Snapshot } from '../adapter.ts';
import type { LaneApi } from '../http.ts';

type Row = Record<string, unknown>;

/** What the panel makes up on every read, or moves on its own: never compared (pasarguard.md §5.6, §10). */
const VOLATILE: Record<string, readonly string[]> = {
  User: ['subscription_url'],
  // Counts of members and users move with other objects; a node's connection state moves as the panel dials it.
  Group: ['total_users'],
  Admin: ['total_users', 'used_traffic', 'lifetime_used_traffic'],
  Node: ['status', 'message', 'xray_version', 'node_version', 'core_version', 'uplink', 'downlink', 'lifetime_uplink', 'lifetime_downlink'],
};

const strip = (kind: string, row: Row): Row => {
  const out = { ...row };
  for (const f of VOLATILE[kind] ?? []) delete out[f];
  // The owner by name: its other fields are the Admin's own.
  if (kind === 'User' && out.admin && typeof out.admin === 'object') out.admin = { username: (out.admin as Row).username };
  if (kind === 'Admin' && out.role && typeof out.role === 'object') out.role = { name: (out.role as Row).name };
  return out;
};

/** Every user, group, template, host, node and admin named with the prefix, read through the panel's API. */
export async function pasarGuardSnapshot(api: LaneApi, prefix: string): Promise<Snapshot> {
  const snap: Snapshot = {};
  const add = (kind: string, rows: Row[], field: string) => {
    for (const r of rows) if (typeof r[field] === 'string' && (r[field] as string).startsWith(prefix)) snap[`${kind}/${r[field] as string}`] = strip(kind, r);
  };
  add('User', (await api.ok<{ users: Row[] }>('GET', `/api/users?search=${encodeURIComponent(prefix)}`)).users, 'username');
  add('Group', (await api.ok<{ groups: Row[] }>('GET', '/api/groups')).groups, 'name');
  add('UserTemplate', await api.ok<Row[]>('GET', '/api/user_templates'), 'name');
  add('Host', await api.ok<Row[]>('GET', '/api/hosts'), 'remark');
  add('Node', (await api.ok<{ nodes: Row[] }>('GET', '/api/nodes')).nodes, 'name');
  add('Admin', (await api.ok<{ admins: Row[] }>('GET', '/api/admins')).admins, 'username');
  return snap;
}

/** Deletes what a run made: users first, then templates, groups, hosts, nodes and admins. */
export async function pasarGuardCleanup(api: LaneApi, prefix: string): Promise<void> {
  const snap = await pasarGuardSnapshot(api, prefix);
  const path: Record<string, (id: unknown) => string> = {
    User: (id) => `/api/user/by-id/${String(id)}`,
    UserTemplate: (id) => `/api/user_template/${String(id)}`,
    Group: (id) => `/api/group/${String(id)}`,
    Host: (id) => `/api/host/${String(id)}`,
    Node: (id) => `/api/node/${String(id)}`,
    Admin: (id) => `/api/admin/by-id/${String(id)}`,
  };
  for (const kind of Object.keys(path)) {
    for (const [key, row] of Object.entries(snap)) if (key.startsWith(`${kind}/`)) await api.call('DELETE', path[kind]?.((row as Row).id) ?? '');
  }
}
