import { BadRequestBody, json, type EmuRequest, type Router } from '../../kit/router.ts';
import { fail, invalid, requiredText, MarzbanHttpError, route } from '../http-errors.ts';
import { adminResponse } from '../views.ts';
import type { RouteContext } from './context.ts';

const body = (req: { json(): unknown }): Record<string, unknown> => {
  const value = req.json();
  if (typeof value !== 'object' || value === null) throw new BadRequestBody('not an object');
  return value as Record<string, unknown>;
};

const checkWebhook = (v: unknown) => {
  if (typeof v === 'string' && v !== '' && !v.startsWith('https://discord.com')) invalid('discord_webhook', 'Value error, Discord webhook must start with "https://discord.com"');
};

/** Login and admins (marzban.md §2, §4). */
export function adminRoutes(router: Router, { state, auth }: RouteContext): void {
  router.post('/api/admin/token', route((req) => {
    // Both form fields are missing from a body that is not a form (checked live on every release).
    if (req.contentType !== 'application/x-www-form-urlencoded' && req.contentType !== 'multipart/form-data') {
      throw new MarzbanHttpError(422, { username: requiredText(state.version), password: requiredText(state.version) });
    }
    const form = req.form();
    const grant = form.get('grant_type');
    if (grant !== null && grant !== 'password') invalid('grant_type', "String should match pattern 'password'");
    const token = auth.login(form.get('username') ?? '', form.get('password') ?? '');
    if (!token) return json(401, { detail: 'Incorrect username or password' }, { 'www-authenticate': 'Bearer' });
    return json(200, { access_token: token, token_type: 'bearer' });
  }));

  router.get('/api/admin', route((req) => {
    const caller = auth.caller(req);
    return json(200, adminResponse(state, caller.admin, caller.username));
  }));

  router.get('/api/admins', route((req) => {
    auth.sudoCaller(req);
    const filter = req.query.get('username')?.toLowerCase();
    let list = [...state.admins.values()].filter((a) => !filter || a.username.toLowerCase().includes(filter));
    const offset = Number(req.query.get('offset')) || 0;
    const limit = Number(req.query.get('limit')) || 0;
    if (offset) list = list.slice(offset);
    if (limit) list = list.slice(0, limit);
    return json(200, list.map((a) => adminResponse(state, a, a.username)));
  }));

  router.post('/api/admin', route((req) => {
    auth.sudoCaller(req);
    const b = body(req);
    if (typeof b.username !== 'string') invalid('username', requiredText(state.version));
    if (typeof b.password !== 'string') invalid('password', requiredText(state.version));
    if (typeof b.is_sudo !== 'boolean') invalid('is_sudo', requiredText(state.version));
    checkWebhook(b.discord_webhook);
    const username = String(b.username);
    if (state.admins.has(username)) fail(409, 'Admin already exists');
    const admin = {
      username,
      passwordHash: '',
      salt: '',
      is_sudo: b.is_sudo === true,
      telegram_id: typeof b.telegram_id === 'number' && b.telegram_id ? b.telegram_id : null,
      discord_webhook: typeof b.discord_webhook === 'string' && b.discord_webhook ? b.discord_webhook : null,
      password_reset_at: 0,
    };
    state.setAdminPassword(admin, String(b.password));
    state.admins.set(username, admin);
    return json(200, adminResponse(state, admin, username));
  }));

  // 404 comes before auth on these routes from 0.7.0 (§2 check order, checked live on 0.7.0); auth first on 0.4.2 (§13).
  const target = (req: EmuRequest) => {
    const early = state.version === '0.4.2' ? auth.sudoCaller(req) : undefined;
    const admin = state.admins.get(req.params.username ?? '') ?? fail(404, 'Admin not found');
    return { admin, caller: early ?? auth.sudoCaller(req) };
  };
  router.put('/api/admin/:username', route((req) => {
    // 0.4.2 checks the body (is_sudo and password required) before the caller and the target (checked live).
    if (state.version === '0.4.2') {
      auth.caller(req);
      const early = body(req);
      if (typeof early.password !== 'string') invalid('password', requiredText(state.version));
    }
    const { admin, caller } = target(req);
    const b = body(req);
    if (typeof b.is_sudo !== 'boolean') invalid('is_sudo', requiredText(state.version));
    checkWebhook(b.discord_webhook);
    if (admin.is_sudo && admin.username !== caller.username) {
      // Before 0.8 the detail is a list of one string (§13).
      const text = "You're not allowed to edit another sudoer's account. Use marzban-cli instead.";
      throw new MarzbanHttpError(403, state.version === '0.8.4' ? text : [text]);
    }
    // 0.4.2 needs the password on every PUT (checked above) and applies is_sudo as sent; later releases only raise it (§4, §11).
    if (b.is_sudo === true || state.version === '0.4.2') admin.is_sudo = b.is_sudo === true;
    if (typeof b.password === 'string') {
      // Any password write, even the same one, logs the admin out everywhere (§4).
      state.setAdminPassword(admin, b.password);
      admin.password_reset_at = state.nowSeconds();
      auth.revokeFor(admin.username);
    }
    if (typeof b.telegram_id === 'number' && b.telegram_id) admin.telegram_id = b.telegram_id;
    if (typeof b.discord_webhook === 'string' && b.discord_webhook) admin.discord_webhook = b.discord_webhook;
    return json(200, adminResponse(state, admin, admin.username));
  }));

  router.delete('/api/admin/:username', route((req) => {
    const { admin } = target(req);
    if (admin.is_sudo) fail(403, `You're not allowed to delete ${state.version === '0.8.4' ? 'sudo' : 'sudoers'} accounts. Use marzban-cli instead.`);
    state.admins.delete(admin.username);
    // The deleted admin's users become ownerless.
    for (const u of state.users.values()) if (u.admin === admin.username) u.admin = null;
    return json(200, state.version === '0.4.2' ? {} : { detail: 'Admin removed successfully' });
  }));
}
