import { json, type EmuRequest, type Reply, type Router } from '../../kit/router.ts';
import { fluteDetail, fluteSummary } from '../flute-views.ts';
import type { UaUser } from '../state.ts';
import { body, guardedRoute, invalid, message, userOf, type UaContext } from './context.ts';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const duplicate = (value: string, column: string) => invalid(`SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry '${value}' for key 'users.${column}'`);

/** The module's user rules: name 3-100, login 3-50, a valid email, password 8+ (users-api.md §4); lengths in UTF-8 bytes, as strlen counts (§8.2). */
function invalidUser(b: Record<string, unknown>): string | undefined {
  const errors: string[] = [];
  const text = (field: string, min: number, max: number) => {
    const v = b[field];
    if (typeof v !== 'string' || bytes(v) < min || bytes(v) > max) errors.push(`The ${field} must be between ${min} and ${max} characters`);
  };
  text('name', 3, 100);
  text('login', 3, 50);
  if (typeof b.email !== 'string' || !EMAIL.test(b.email)) errors.push('The email must be a valid email address');
  if (b.password !== undefined && b.password !== null && (typeof b.password !== 'string' || bytes(b.password) < 8)) errors.push('The password must be at least 8 characters');
  for (const f of ['avatar', 'banner']) if (b[f] !== undefined && b[f] !== null && (typeof b[f] !== 'string' || bytes(b[f]) > 500)) errors.push(`The ${f} may not be greater than 500 characters`);
  return errors.length ? `Invalid user data: ${errors.join(', ')}` : undefined;
}

/** Users on the Flute API module (users-api.md §4, §7). `tz` is the server's offset in minutes. */
export function fluteUserRoutes(router: Router, ctx: UaContext, tz: number): void {
  const { state } = ctx;
  // No finder filters on deleted_at: soft-deleted users list, answer and match search (§7).
  const all = () => [...state.users.values()].filter((u) => !u.deleted);
  const taken = (b: Record<string, unknown>, except?: UaUser): Reply | undefined => {
    const holder = state.byUsername(String(b.login));
    if (holder && holder !== except) return duplicate(String(b.login), 'login');
    if (state.emailTaken(String(b.email), except)) return duplicate(String(b.email), 'email');
    return undefined;
  };
  const route = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', pattern: string, handler: (req: EmuRequest) => Reply) => guardedRoute(router, ctx, method, pattern, handler);

  // `page` and `per_page` are ignored: every user, every time (§4).
  route('GET', '/api/users', () => json(200, { users: all().map((u) => fluteSummary(state, u, tz)) }));

  route('GET', '/api/users/search', (req) => {
    const q = req.query.get('q') ?? '';
    if (q.length < 3) return invalid('Search query must be at least 3 characters long');
    const needle = q.toLowerCase();
    const hit = (u: UaUser) => [u.name, u.temporary ? '' : u.username, u.email ?? ''].some((v) => v.toLowerCase().includes(needle));
    return json(200, { users: all().filter(hit).map((u) => fluteSummary(state, u, tz)) });
  });

  route('GET', '/api/users/:id(\\d+)', (req) => {
    const u = userOf(ctx, req);
    return u ? json(200, { user: fluteDetail(state, u, tz) }) : message(404, 'User not found');
  });

  // role_ids is ignored (§4); a missing password passes validation and fails later: 500 (§7).
  route('POST', '/api/users', (req) => {
    const b = body(req) ?? {};
    const bad = invalidUser(b);
    if (bad) return invalid(bad);
    if (typeof b.password !== 'string') return json(500, { message: 'Server Error' });
    const conflict = taken(b);
    if (conflict) return conflict;
    const u = state.add(String(b.login), String(b.email), b.password, []);
    u.name = String(b.name);
    return json(201, { message: 'User created successfully', user: fluteSummary(state, u, tz) });
  });

  // A full replacement: name, login, email and the password on every PUT; status is ignored (§7).
  route('PUT', '/api/users/:id(\\d+)', (req) => {
    const u = userOf(ctx, req);
    if (!u) return message(404, 'User not found');
    const b = body(req) ?? {};
    const bad = invalidUser(b) ?? (typeof b.password !== 'string' || b.password === '' ? 'Invalid user data: The password field is required' : undefined);
    if (bad) return invalid(bad);
    const conflict = taken(b, u);
    if (conflict) return conflict;
    u.name = String(b.name);
    if (String(b.login) !== u.username) state.rename(u, String(b.login));
    u.email = String(b.email);
    state.setPassword(u, String(b.password));
    u.updatedAt = state.clock.now();
    return json(200, { message: 'User updated successfully', user: fluteSummary(state, u, tz) });
  });

  // The soft delete: deleted_at is set, nothing else changes (§7).
  route('DELETE', '/api/users/:id(\\d+)/delete', (req) => {
    const u = userOf(ctx, req);
    if (!u) return message(404, 'User not found');
    u.softDeleted = true;
    return json(200, { message: 'User deleted successfully' });
  });
}
