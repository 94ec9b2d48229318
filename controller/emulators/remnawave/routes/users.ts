import { empty, json, type Router } from '../../kit/router.ts';
import { coded, invalid, ok } from '../errors.ts';
import type { EmuUser } from '../types.ts';
import { createUser, patchUser } from '../user-write.ts';
import { userView } from '../views.ts';
import { objectBody, positiveId, type RouteContext } from './context.ts';

const pageSize = (raw: string | null, fallback: number): number => {
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) return invalid([{ path: ['size'], message: 'Invalid size', code: 'too_small' }]);
  return n;
};

/** Users (§4, §5): single-user routes and the two listings. */
export function userRoutes(router: Router, { state, guarded }: RouteContext): void {
  const view = (u: EmuUser) => userView(state, u);
  const byId = (id: number, code: 'A025' | 'A063') => state.users.get(id) ?? coded(404, code, code === 'A025' ? 'User not found' : 'User with specified params not found');

  router.get('/api/users', guarded('users', 'list', 'read', (req) => {
    const start = Number(req.query.get('start') ?? 0);
    const size = pageSize(req.query.get('size'), 25);
    const all = sortUsers(filterUsers([...state.users.values()], req.query), req.query.get('sorting'));
    return ok(200, { users: all.slice(start, start + size).map(view), total: all.length });
  }));
  router.get('/api/users/stream', guarded('users', 'stream', 'read', (req) => {
    const size = pageSize(req.query.get('size'), 250);
    const cursor = Number(req.query.get('cursor') ?? 0);
    const rows = [...state.users.values()].filter((u) => u.id > cursor).sort((a, b) => a.id - b.id);
    const page = rows.slice(0, size);
    const last = page.at(-1);
    return ok(200, { users: page.map(view), nextCursor: rows.length > size && last ? String(last.id) : null, hasMore: rows.length > size });
  }));
  router.get('/api/users/by-username/:username', guarded('users', 'get-by', 'read', (req) => ok(200, view(state.userByName(req.params.username ?? '') ?? coded(404, 'A063', 'User with specified params not found')))));
  router.get('/api/users/by-short-uuid/:short', guarded('users', 'get-by', 'read', (req) => ok(200, view(state.userByShortUuid(req.params.short ?? '') ?? coded(404, 'A063', 'User with specified params not found')))));
  router.get('/api/users/:id(\\d+)', guarded('users', 'get', 'read', (req) => ok(200, view(byId(positiveId(req), 'A063')))));
  router.post('/api/users', guarded('users', 'create', 'write', (req) => ok(201, view(createUser(state, objectBody(req))))));
  router.patch('/api/users', guarded('users', 'update', 'write', (req) => ok(200, view(patchUser(state, objectBody(req))))));
  router.delete('/api/users/:id', guarded('users', 'delete', 'write', (req) => {
    const u = byId(positiveId(req), 'A025');
    state.users.delete(u.id);
    state.metadata.delete(u.id);
    return empty(204);
  }));
  router.post('/api/users/:id/actions/:action(enable|disable|reset-traffic|revoke|extend)', guarded('users', 'actions', 'write', (req) => {
    const id = positiveId(req);
    const u = byId(id, 'A025');
    userAction(state.now(), u, req.params.action ?? '', objectBody(req), () => ({ password: state.password(), uuid: state.uuid(), short: state.shortUuid() }));
    u.updatedAt = state.now();
    return ok(200, view(u));
  }));
  // The public subscription (§12): 404 once the shortUuid was rotated.
  router.get('/api/sub/:short', (req) => {
    const u = state.userByShortUuid(req.params.short ?? '');
    if (!u) return json(404, { isFound: false, statusCode: 404, message: 'Resource not found' });
    return { status: 200, text: Buffer.from(u.status === 'DISABLED' ? 'ss://0.0.0.0#disabled' : `vless://${u.vlessUuid}@sub.example:443#${u.username}`).toString('base64') };
  });
}

const jsonQuery = (raw: string | null): unknown => {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return invalid();
  }
};

/** `filters` by username (§5): a case-insensitive substring, or exact with `filterModes: {username: "equals"}`; other columns are not emulated. */
function filterUsers(users: EmuUser[], query: URLSearchParams): EmuUser[] {
  const filters = jsonQuery(query.get('filters'));
  if (filters === undefined) return users;
  if (!Array.isArray(filters)) return invalid();
  const modes = (jsonQuery(query.get('filterModes')) ?? {}) as Record<string, string>;
  let out = users;
  for (const f of filters as Array<{ id?: unknown; value?: unknown }>) {
    if (f.id !== 'username') continue;
    const value = String(f.value ?? '');
    out = modes.username === 'equals' ? out.filter((u) => u.username === value) : out.filter((u) => u.username.toLowerCase().includes(value.toLowerCase()));
  }
  return out;
}

const SORTABLE = new Set(['id', 'username', 'status', 'createdAt', 'expireAt', 'trafficLimitBytes']);

/** Newest first by default (§5); an unknown sort column is the panel's 500 A024. */
function sortUsers(users: EmuUser[], raw: string | null): EmuUser[] {
  const sorting = (jsonQuery(raw) ?? []) as Array<{ id?: unknown; desc?: unknown }>;
  const first = Array.isArray(sorting) ? sorting[0] : undefined;
  if (first && !SORTABLE.has(String(first.id))) return coded(500, 'A024', 'Get all users error');
  const key = (first?.id as keyof EmuUser | undefined) ?? 'id';
  const desc = first ? first.desc === true : true;
  return [...users].sort((a, b) => (a[key] === b[key] ? 0 : (a[key] as number | string) < (b[key] as number | string) ? -1 : 1) * (desc ? -1 : 1));
}

/** The per-user actions (§4.5). `revoke` is the only path that rotates credentials. */
function userAction(now: number, u: EmuUser, action: string, body: Record<string, unknown>, fresh: () => { password: string; uuid: string; short: string }): void {
  switch (action) {
    case 'enable':
      if (u.status === 'ACTIVE') coded(400, 'A030', 'User already enabled');
      u.status = 'ACTIVE';
      return;
    case 'disable':
      if (u.status === 'DISABLED') coded(400, 'A029', 'User already disabled');
      u.status = 'DISABLED';
      return;
    case 'reset-traffic':
      u.used = 0;
      u.lastTrafficResetAt = now;
      u.lastTriggeredThreshold = 0;
      if (u.status === 'LIMITED') u.status = 'ACTIVE';
      return;
    case 'revoke': {
      const f = fresh();
      u.vlessUuid = f.uuid;
      u.trojanPassword = f.password;
      u.ssPassword = fresh().password;
      if (typeof body.shortUuid === 'string') u.shortUuid = body.shortUuid;
      else if (body.revokeOnlyPasswords !== true) u.shortUuid = f.short;
      u.subRevokedAt = now;
      return;
    }
    case 'extend': {
      const days = body.days;
      if (!Number.isInteger(days) || (days as number) < 1) invalid([{ path: ['days'], message: 'Invalid input', code: 'too_small' }]);
      u.expireAt = Math.max(u.expireAt, now) + (days as number) * 86_400_000;
      if (u.status === 'EXPIRED') u.status = 'ACTIVE';
      return;
    }
    default:
      throw new Error(`unknown action ${action}`);
  }
}
