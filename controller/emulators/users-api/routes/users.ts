import { json, type Router } from '../../kit/router.ts';
import { detail, roleObjects, summary } from '../views.ts';
import { body, guarded, invalid, message, userOf, type UaContext } from './context.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Users as the seed documents them: list, get, create, update, roles, search (users-api.md §3, §5). */
export function userRoutes(router: Router, ctx: UaContext): void {
  const { state } = ctx;
  const live = () => [...state.users.values()].filter((u) => !u.deleted);
  const unknownRole = (ids: unknown[]) => ids.find((id) => typeof id !== 'number' || !state.roles.some((r) => r.id === id));

  router.get('/api/users', guarded(ctx, (req) => {
    const page = req.query.get('page') ?? '1';
    const perPage = req.query.get('per_page') ?? '20';
    if (!/^[1-9]\d*$/.test(page) || !/^[1-9]\d*$/.test(perPage) || Number(perPage) > 100) return invalid('Invalid pagination parameters');
    const start = (Number(page) - 1) * Number(perPage);
    return json(200, { users: live().slice(start, start + Number(perPage)).map((u) => summary(state, u)) });
  }));

  router.get('/api/users/search', guarded(ctx, (req) => {
    const q = req.query.get('q') ?? '';
    if (q.length < 3) return invalid('Search query must be at least 3 characters long');
    const needle = q.toLowerCase();
    return json(200, { users: live().filter((u) => u.username.toLowerCase().includes(needle) || (u.email ?? '').toLowerCase().includes(needle)).map((u) => summary(state, u)) });
  }));

  router.get('/api/users/:id(\\d+)', guarded(ctx, (req) => {
    const u = userOf(ctx, req);
    return u ? json(200, { user: detail(state, u) }) : message(404, 'User not found');
  }));

  router.post('/api/users', guarded(ctx, (req) => {
    const b = body(req);
    if (!b) return invalid('Invalid request parameters');
    const { username, email, password } = b;
    if (typeof username !== 'string' || username.length < 3 || username.length > 50) return invalid('username must be 3-50 characters');
    if (typeof email !== 'string' || !EMAIL.test(email)) return invalid('email must be a valid address');
    if (typeof password !== 'string' || password.length < 8) return invalid('password must be at least 8 characters');
    if (state.byUsername(username)) return invalid('username is already taken');
    if (state.emailTaken(email)) return invalid('email is already taken');
    const roleIds = Array.isArray(b.role_ids) ? b.role_ids : [];
    const bad = unknownRole(roleIds);
    if (bad !== undefined) return invalid(`Role with ID ${String(bad)} not found`);
    const u = state.add(username, email, password, roleIds as number[]);
    return json(201, { message: 'User created successfully', user: summary(state, u) });
  }));

  // A partial merge: only the fields sent change (§5.5).
  router.put('/api/users/:id(\\d+)', guarded(ctx, (req) => {
    const u = userOf(ctx, req);
    if (!u) return message(404, 'User not found');
    const b = body(req);
    if (!b) return invalid('Invalid request parameters');
    if (b.username !== undefined && (typeof b.username !== 'string' || b.username.length < 3 || b.username.length > 50)) return invalid('username must be 3-50 characters');
    if (typeof b.username === 'string' && state.byUsername(b.username) && state.byUsername(b.username) !== u) return invalid('username is already taken');
    if (b.email !== undefined && (typeof b.email !== 'string' || !EMAIL.test(b.email))) return invalid('email must be a valid address');
    if (typeof b.email === 'string' && state.emailTaken(b.email, u)) return invalid('email is already taken');
    if (b.password !== undefined && (typeof b.password !== 'string' || b.password.length < 8)) return invalid('password must be at least 8 characters');
    if (b.status !== undefined && b.status !== 'active' && b.status !== 'blocked') return invalid('status must be active or blocked');
    if (typeof b.username === 'string') state.rename(u, b.username);
    if (typeof b.email === 'string') u.email = b.email;
    if (typeof b.password === 'string') state.setPassword(u, b.password);
    if (b.status === 'blocked') u.block = { reason: 'No reason provided', until: null };
    if (b.status === 'active') u.block = null;
    u.updatedAt = state.clock.now();
    return json(200, { message: 'User updated successfully', user: { ...summary(state, u), updated_at: detail(state, u).updated_at } });
  }));

  router.put('/api/users/:id(\\d+)/roles', guarded(ctx, (req) => {
    const u = userOf(ctx, req);
    if (!u) return message(404, 'User not found');
    const b = body(req);
    if (!b || !Array.isArray(b.role_ids)) return invalid('role_ids is required');
    const bad = unknownRole(b.role_ids);
    if (bad !== undefined) return invalid(`Role with ID ${String(bad)} not found`);
    u.roleIds = [...new Set(b.role_ids as number[])];
    u.updatedAt = state.clock.now();
    return json(200, { message: 'User roles updated successfully', user: { id: u.id, username: u.username, email: u.email, roles: roleObjects(state, u) } });
  }));
}
