import type { Snapshot } from '../adapter.ts';
import type { LaneApi } from '../http.ts';

type Row = Record<string, unknown>;

/** Fields the panel makes up on every read (marzban.md §5.1, §14): never compared. */
const withoutVolatile = (user: Row): Row => {
  const { links: _links, subscription_url: _sub, ...rest } = user;
  // The owner by name: its other fields are the Admin's own, compared there (an edited owner is not a moved user).
  if (rest.admin && typeof rest.admin === 'object') rest.admin = { username: (rest.admin as Row).username };
  return rest;
};

/** A node's connection state moves on its own as the panel dials it (§8, §14): compared without it. */
const withoutConnection = (node: Row): Row => {
  const { status: _s, message: _m, xray_version: _x, ...rest } = node;
  return rest;
};

/** Every user, admin, template and node named with the prefix, plus the whole hosts map (nobody edits it). */
export async function marzbanSnapshot(api: LaneApi, prefix: string): Promise<Snapshot> {
  const snap: Snapshot = {};
  const named = (row: Row, field = 'username') => typeof row[field] === 'string' && (row[field] as string).startsWith(prefix);
  // No filter in the request: 0.4.2 ignores `search` and matches a single `username=` by substring (§16.3-4).
  const { users } = await api.ok<{ users: Row[] }>('GET', '/api/users');
  for (const u of users.filter((r) => named(r))) snap[`User/${String(u.username)}`] = withoutVolatile(u);
  for (const a of (await api.ok<Row[]>('GET', '/api/admins')).filter((r) => named(r))) snap[`Admin/${String(a.username)}`] = a;
  for (const t of (await api.ok<Row[]>('GET', '/api/user_template')).filter((r) => named(r, 'name'))) snap[`UserTemplate/${String(t.name)}`] = t;
  for (const n of (await api.ok<Row[]>('GET', '/api/nodes')).filter((r) => named(r, 'name'))) snap[`Node/${String(n.name)}`] = withoutConnection(n);
  snap['Hosts (every inbound)'] = await api.ok('GET', '/api/hosts');
  return snap;
}

/** Deletes what a run made: users first (their owners go after), then templates, nodes, admins. */
export async function marzbanCleanup(api: LaneApi, prefix: string): Promise<void> {
  const snap = await marzbanSnapshot(api, prefix);
  const keys = Object.keys(snap);
  const order = ['User/', 'UserTemplate/', 'Node/', 'Admin/'];
  for (const kind of order) {
    for (const key of keys.filter((k) => k.startsWith(kind))) {
      const row = snap[key] as Row;
      const path = {
        'User/': `/api/user/${encodeURIComponent(String(row.username))}`,
        'UserTemplate/': `/api/user_template/${String(row.id)}?template_id=${String(row.id)}`,
        'Node/': `/api/node/${String(row.id)}`,
        'Admin/': `/api/admin/${encodeURIComponent(String(row.username))}`,
      }[kind];
      await api.call('DELETE', path ?? '');
    }
  }
}
