import { jsonWithList, type Router } from '../../kit/router.ts';
import { fail, invalid, route } from '../http-errors.ts';
import { enumText } from '../wording.ts';
import type { EmuUser, UserStatus } from '../types.ts';
import { userResponse } from '../views.ts';
import type { RouteContext } from './context.ts';

const STATUSES: readonly UserStatus[] = ['active', 'disabled', 'limited', 'expired', 'on_hold'];
// Usernames sort in byte order on SQLite (upper case first, §16.6); a folding database sorts folded.
const SORT_KEYS: Record<string, (u: EmuUser, fold: (name: string) => string) => number | string> = {
  username: (u, fold) => fold(u.username),
  used_traffic: (u) => u.used_traffic,
  data_limit: (u) => u.data_limit ?? 0,
  expire: (u) => u.expire ?? 0,
  created_at: (u) => u.created_at,
};

/** GET /api/users (§6): filters, sort, truthy offset / limit, no default limit. */
export function usersRoutes(router: Router, { state, auth }: RouteContext): void {
  router.get('/api/users', route((req) => {
    const caller = auth.caller(req);
    const names = req.query.getAll('username');
    // 0.4.2 ignores `search` (§13).
    const search = state.version !== '0.4.2' ? req.query.get('search')?.toLowerCase() : undefined;
    const status = req.query.get('status');
    if (status !== null && !STATUSES.includes(status as UserStatus)) invalid('status', enumText(state.version, STATUSES));
    const owners = caller.sudo ? req.query.getAll('admin') : [];
    const sort = (req.query.get('sort') ?? '').split(',').filter(Boolean).map((key) => {
      const desc = key.startsWith('-');
      const name = desc ? key.slice(1) : key;
      if (!SORT_KEYS[name]) fail(400, `"${key}" is not a valid sort option`);
      const read = SORT_KEYS[name] as (u: EmuUser, fold: (name: string) => string) => number | string;
      return { get: (u: EmuUser) => read(u, (n) => state.fold(n)), desc };
    });
    // 0.4.2: a single username is SQL LIKE, a substring match that ignores case even on SQLite (§16.4).
    const nameMatch = (u: EmuUser) => {
      if (names.length === 0) return true;
      if (state.version === '0.4.2' && names.length === 1) return u.username.toLowerCase().includes((names[0] ?? '').toLowerCase());
      return names.some((n) => state.fold(n) === state.fold(u.username));
    };
    const filtered = !caller.sudo || names.length || search || status || owners.length || sort.length;
    let matches: EmuUser[];
    if (filtered) {
      matches = [...state.users.values()].filter(
        (u) =>
          (caller.sudo || u.admin === caller.username) &&
          nameMatch(u) &&
          (!search || u.username.toLowerCase().includes(search) || (u.note ?? '').toLowerCase().includes(search)) &&
          (!status || u.status === status) &&
          (owners.length === 0 || (u.admin !== null && owners.includes(u.admin))),
      );
      for (const s of [...sort].reverse()) matches.sort((a, b) => compare(s.get(a), s.get(b)) * (s.desc ? -1 : 1));
    } else matches = [];
    const total = filtered ? matches.length : state.users.size;
    const offset = Number(req.query.get('offset')) || 0;
    const limit = Number(req.query.get('limit')) || 0;
    const page = filtered ? slice(matches, offset, limit) : slice(state.users.values(), offset, limit, total);
    if (page.some((u) => u.broken)) return { status: 500, text: 'Internal Server Error' };
    return jsonWithList(200, {}, 'users', page, (u) => userResponse(state, u), { total });
  }));
}

const compare = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);

/** A page without copying the whole collection: skips `offset` entries of the iterator. */
function slice(source: Iterable<EmuUser>, offset: number, limit: number, size = Number.POSITIVE_INFINITY): EmuUser[] {
  const out: EmuUser[] = [];
  const end = limit ? offset + limit : size;
  let i = 0;
  for (const u of source) {
    if (i >= end) break;
    if (i >= offset) out.push(u);
    i++;
  }
  return out;
}
