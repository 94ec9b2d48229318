import type { Router } from '../../kit/router.ts';
import type { XuiRouteContext } from './api-route.ts';

/** Cookie login with CSRF (§2.2). */
export function sessionRoutes(router: Router, ctx: XuiRouteContext): void {
  router.get(`${ctx.base}/csrf-token`, (req) => ctx.auth.csrfToken(req));
  router.post(`${ctx.base}/login`, (req) => {
    let username = '';
    let password = '';
    if (req.contentType === 'application/json') {
      try {
        const b = req.json() as { username?: unknown; password?: unknown };
        username = String(b.username ?? '');
        password = String(b.password ?? '');
      } catch {
        // an unreadable body is a failed login
      }
    } else {
      const form = req.form();
      username = form.get('username') ?? '';
      password = form.get('password') ?? '';
    }
    const result = ctx.auth.login(req, username, password);
    if (result !== 'bad-credentials') return result;
    return { status: 200, body: { success: false, msg: 'Invalid username or password or two-factor code.', obj: null } };
  });
}
