import { jsonWithList, type Router } from '../../kit/router.ts';
import { fail, MarzbanHttpError as HttpError, route } from '../../marzban/http-errors.ts';
import { allowed } from '../auth.ts';
import type { EmuUser } from '../types.ts';
import { USER_STATUSES } from '../types.ts';
import { userResponse } from '../views.ts';
import type { RouteContext } from './context.ts';

const SORT_KEYS: Record<string, (u: EmuUser) => number | string> = {
  username: (u) => u.username,
  used_traffic: (u) => u.used_traffic,
  data_limit: (u) => u.data_limit ?? 0,
  expire: (u) => u.expire ?? 0,
  created_at: (u) => u.created_at,
  edit_at: (u) => u.edit_at ?? 0,
  online_at: (u) => u.online_at ?? 0,
};

const compare = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * GET /api/users (§6): exact repeatable `username`, `search` over name and note, `sort` with
 * `-`, falsy offset / limit ignored and no default limit, `subscription_url` empty unless
 * `load_sub=true`; a scoped admin sees its own users whatever `admin=` says.
 */
export function usersRoutes(router: Router, { state, auth }: RouteContext): void {
  router.get('/api/users', route((req) => {
    const caller = auth.caller(req);
    const scope = allowed(caller, 'users', 'read');
    const names = new Set([...req.query.getAll('username'), ...req.query.getAll('usernames')]);
    const search = req.query.get('search')?.toLowerCase();
    const statuses = req.query.getAll('status');
    for (const s of statuses) if (!USER_STATUSES.includes(s as EmuUser['status'])) throw new HttpError(422, { 'str-enum[UserStatus]': `Input should be ${USER_STATUSES.map((v) => `'${v}'`).join(', ')}` });
    const owners = scope === 'own' ? [caller.admin.username] : req.query.getAll('admin');
    const sort = req.query.getAll('sort').flatMap((s) => s.split(',')).filter(Boolean).map((key) => {
      const desc = key.startsWith('-');
      const get = SORT_KEYS[desc ? key.slice(1) : key] ?? fail(400, `Value error, '${key}' is not a valid UserSortOption`);
      return { get, desc };
    });
    const ownerIds = new Set(owners.map((o) => state.adminByName(o)?.id ?? -1));
    const matches = [...state.users.values()].filter(
      (u) =>
        (names.size === 0 || names.has(u.username)) &&
        (!search || u.username.toLowerCase().includes(search) || (u.note ?? '').toLowerCase().includes(search)) &&
        (statuses.length === 0 || statuses.includes(u.status)) &&
        (owners.length === 0 || (u.admin_id !== null && ownerIds.has(u.admin_id))),
    );
    for (const s of [...sort].reverse()) matches.sort((a, b) => compare(s.get(a), s.get(b)) * (s.desc ? -1 : 1));
    const offset = Number(req.query.get('offset')) || 0;
    const limit = Number(req.query.get('limit')) || 0;
    const page = limit > 0 ? matches.slice(offset, offset + limit) : matches.slice(offset);
    const withSub = req.query.get('load_sub') === 'true';
    return jsonWithList(200, {}, 'users', page, (u) => userResponse(state, u, withSub), { total: matches.length });
  }));
}
