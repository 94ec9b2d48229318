import type { Snapshot } from '../adapter.ts';
import type { LaneApi } from '../http.ts';
import { response } from './api.ts';

type Row = Record<string, unknown>;

const omit = (row: Row, keys: readonly string[]): Row => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

/** A node's connection state and the times it moves with it change on their own while the panel dials it (§10). */
const NODE_VOLATILE = ['isConnected', 'isConnecting', 'lastStatusChange', 'lastStatusMessage', 'xrayUptime', 'usersOnline', 'system', 'versions', 'updatedAt'];
/** Member counts move with users' memberships, which the users' own rows show. */
const SQUAD_DERIVED = ['info', 'viewPosition'];

/**
 * Every user, squad, node and host named with the prefix, as the panel answers them. Users keep
 * `updatedAt`: any PATCH moves it (§4.1), so an untouched user proves nothing was sent to it.
 */
export async function remnawaveSnapshot(api: LaneApi, prefix: string): Promise<Snapshot> {
  const snap: Snapshot = {};
  const named = (v: unknown) => typeof v === 'string' && v.startsWith(prefix);
  let cursor: string | undefined;
  for (;;) {
    const page = await response<{ users: Row[]; nextCursor: string | null; hasMore: boolean }>(api, 'GET', `/api/users/stream?size=1000${cursor ? `&cursor=${cursor}` : ''}`);
    for (const u of page.users) if (named(u.username)) snap[`User/${String(u.username)}`] = u;
    if (!page.hasMore || !page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const squads = await response<{ internalSquads: Row[] }>(api, 'GET', '/api/internal-squads');
  for (const s of squads.internalSquads) if (named(s.name)) snap[`InternalSquad/${String(s.name)}`] = omit(s, SQUAD_DERIVED);
  for (const n of await response<Row[]>(api, 'GET', '/api/nodes')) if (named(n.name)) snap[`Node/${String(n.name)}`] = omit(n, NODE_VOLATILE);
  for (const h of await response<Row[]>(api, 'GET', '/api/hosts')) if (named(h.remark)) snap[`Host/${String(h.remark)}`] = omit(h, ['viewPosition']);
  return snap;
}

/** Deletes what a run made under the prefix: users, hosts, nodes, squads, then config profiles. */
export async function remnawaveCleanup(api: LaneApi, prefix: string): Promise<void> {
  const snap = await remnawaveSnapshot(api, prefix);
  for (const [key, row] of Object.entries(snap)) if (key.startsWith('User/')) await api.call('DELETE', `/api/users/${String((row as Row).id)}`);
  for (const [key, row] of Object.entries(snap)) if (key.startsWith('Host/')) await api.call('DELETE', `/api/hosts/${String((row as Row).uuid)}`);
  for (const [key, row] of Object.entries(snap)) if (key.startsWith('Node/')) await api.call('DELETE', `/api/nodes/${String((row as Row).uuid)}`);
  for (const [key, row] of Object.entries(snap)) if (key.startsWith('InternalSquad/')) await api.call('DELETE', `/api/internal-squads/${String((row as Row).uuid)}`);
  const profiles = await response<{ configProfiles: Row[] }>(api, 'GET', '/api/config-profiles');
  for (const p of profiles.configProfiles) if (typeof p.name === 'string' && p.name.startsWith(prefix)) await api.call('DELETE', `/api/config-profiles/${String(p.uuid)}`);
}
