import { empty, json, type EmuRequest, type Router } from '../../kit/router.ts';
import { fail, invalid, MarzbanHttpError as HttpError, route } from '../../marzban/http-errors.ts';
import { allowed } from '../auth.ts';
import type { EmuAdmin, EmuApiKey } from '../types.ts';
import { adminResponse } from '../views.ts';
import { idParam, objectBody, type RouteContext } from './context.ts';

/** The panel's password rules (§4): every failed rule, joined by "; ". */
function checkPassword(password: unknown): string {
  if (typeof password !== 'string') return invalid('password', 'Field required');
  const errors: string[] = [];
  if (Buffer.byteLength(password) > 72) errors.push('Password too long: maximum 72 bytes when UTF-8 encoded');
  if (password.length < 12) errors.push('Password must be at least 12 characters long');
  if ((password.match(/\d/g) ?? []).length < 2) errors.push('Password must contain at least 2 digits');
  if ((password.match(/[A-Z]/g) ?? []).length < 2) errors.push('Password must contain at least 2 uppercase letters');
  if ((password.match(/[a-z]/g) ?? []).length < 2) errors.push('Password must contain at least 2 lowercase letters');
  if (!/[!@#$%^&*()\-_=+[\]{}|;:,.<>?/~`]/.test(password)) errors.push('Password must contain at least one special character');
  if (password.includes('"')) errors.push('Password cannot contain the double quote (") character');
  if (errors.length) invalid('password', `Value error, ${errors.join('; ')}`);
  return password;
}

const OWNER_ROLE = 'Owner role cannot be assigned via this endpoint. Use the setup flow.';

/** Login, admins and roles (§2, §4). The owner is untouchable through these routes (§2.2). */
export function adminRoutes(router: Router, { state, auth }: RouteContext): void {
  router.post('/api/admin/token', route((req) => {
    const form = req.contentType === 'application/x-www-form-urlencoded' ? req.form() : new URLSearchParams();
    const username = form.get('username');
    const password = form.get('password');
    if (username === null || password === null) throw new HttpError(422, { ...(username === null ? { username: 'Field required' } : {}), ...(password === null ? { password: 'Field required' } : {}) });
    return json(200, { access_token: auth.login(username, password), token_type: 'bearer' });
  }));

  const target = (req: EmuRequest, action: string): EmuAdmin => {
    const caller = auth.caller(req);
    allowed(caller, 'admins', action);
    const admin = (req.params.id !== undefined ? state.admins.get(idParam(req, 'id')) : state.adminByName(req.params.username ?? '')) ?? fail(404, 'Admin not found');
    if (state.roles.get(admin.role_id)?.is_owner && !caller.role.is_owner) fail(403, 'Owner account is not accessible.');
    return admin;
  };
  const visible = (req: EmuRequest) => {
    const caller = auth.caller(req);
    allowed(caller, 'admins', 'read');
    return [...state.admins.values()].filter((a) => caller.role.is_owner || !state.roles.get(a.role_id)?.is_owner);
  };

  router.get('/api/admin', route((req) => json(200, adminResponse(state, auth.caller(req).admin))));
  router.get('/api/admins', route((req) => {
    let list = visible(req);
    const names = req.query.getAll('username');
    if (names.length) list = list.filter((a) => names.includes(a.username));
    const views = list.map((a) => adminResponse(state, a));
    const count = (s: string) => views.filter((v) => v.status === s).length;
    return json(200, { admins: views, total: views.length, active: count('active'), disabled: count('disabled'), limited: count('limited') });
  }));
  router.get('/api/admin-roles', route((req) => {
    auth.caller(req);
    return json(200, { roles: [...state.roles.values()], total: state.roles.size });
  }));
  router.post('/api/admin', route((req) => {
    allowed(auth.caller(req), 'admins', 'create');
    const body = objectBody(req);
    if (typeof body.username !== 'string') invalid('username', 'Field required');
    const password = checkPassword(body.password);
    if (!Number.isInteger(body.role_id)) invalid('role_id', 'Field required');
    const role = state.roles.get(body.role_id as number) ?? fail(404, 'Role not found');
    if (role.is_owner) fail(403, OWNER_ROLE);
    if (state.adminByName(body.username as string)) fail(409, 'Admin already exists');
    const admin = state.addAdmin(body.username as string, password, role.id);
    applyFields(admin, body);
    return json(201, adminResponse(state, admin));
  }));
  const modify = (req: EmuRequest) => {
    const admin = target(req, 'update');
    const body = objectBody(req);
    const ownerAdmin = state.roles.get(admin.role_id)?.is_owner === true;
    if (body.role_id !== undefined && body.role_id !== null) {
      const role = state.roles.get(body.role_id as number) ?? fail(404, 'Role not found');
      if (role.is_owner) fail(403, OWNER_ROLE);
      if (ownerAdmin) fail(403, 'Owner cannot change its own role.');
      admin.role_id = role.id;
    }
    // Any password, even the same one, re-hashes and revokes the admin's tokens (§2).
    if (body.password !== undefined && body.password !== null) state.setAdminPassword(admin, checkPassword(body.password));
    if (body.status === 'disabled' || body.status === 'active') admin.status = body.status;
    applyFields(admin, body);
    return json(200, adminResponse(state, admin));
  };
  router.put('/api/admin/by-id/:id(\\d+)', route(modify));
  router.put('/api/admin/:username', route(modify));
  const remove = (req: EmuRequest) => {
    const admin = target(req, 'delete');
    if (state.roles.get(admin.role_id)?.is_owner) fail(403, 'Owner cannot be deleted via this endpoint. Use the setup flow.');
    // Its users become ownerless and its API keys go with it (§4).
    for (const u of state.users.values()) if (u.admin_id === admin.id) u.admin_id = null;
    for (const [raw, key] of state.apiKeys) if (key.admin_id === admin.id) state.apiKeys.delete(raw);
    state.admins.delete(admin.id);
    return empty(204);
  };
  router.delete('/api/admin/by-id/:id(\\d+)', route(remove));
  router.delete('/api/admin/:username', route(remove));

  // A key is shown whole only in these two answers; revoking issues a new one in place of the old (observed).
  const keyView = (key: EmuApiKey) => ({
    name: key.name, note: null, inherit_permissions: true, expire_date: null, id: key.id, admin_id: key.admin_id,
    api_key_trimmed: `${key.key.slice(0, 10)}***${key.key.slice(-3)}`, revoked_at: null, status: 'active', is_expired: false, api_key: key.key,
  });
  const findKey = (req: EmuRequest) => [...state.apiKeys.values()].find((k) => k.id === idParam(req, 'id')) ?? fail(404, 'API key not found');
  router.post('/api/api_key', route((req) => {
    const caller = auth.caller(req);
    allowed(caller, 'api_keys', 'create');
    return json(201, keyView(state.addApiKey(caller.admin.id, String(objectBody(req).name ?? 'key'))));
  }));
  router.post('/api/api_key/:id(\\d+)/revoke', route((req) => {
    auth.caller(req);
    const key = findKey(req);
    state.apiKeys.delete(key.key);
    const renewed = { ...key, key: `pg_key_${state.rng.uuid()}` };
    state.apiKeys.set(renewed.key, renewed);
    return json(200, keyView(renewed));
  }));
  router.delete('/api/api_key/:id(\\d+)', route((req) => {
    auth.caller(req);
    state.apiKeys.delete(findKey(req).key);
    return empty(204);
  }));
}

/** Optional fields: null keeps, and none can be cleared back to null (§4). */
function applyFields(admin: EmuAdmin, body: Record<string, unknown>): void {
  if (typeof body.telegram_id === 'number') admin.telegram_id = body.telegram_id;
  if (typeof body.discord_webhook === 'string') {
    if (!body.discord_webhook.startsWith('https://discord.com')) invalid('discord_webhook', 'Value error, Discord webhook must start with https://discord.com');
    admin.discord_webhook = body.discord_webhook;
  }
  if (typeof body.note === 'string') admin.note = body.note;
  if (typeof body.data_limit === 'number') admin.data_limit = body.data_limit > 0 ? body.data_limit : null;
  for (const f of ['sub_domain', 'profile_title', 'support_url'] as const) if (typeof body[f] === 'string') admin[f] = body[f];
}
