import { json, type EmuRequest, type Reply, type Router } from '../../kit/router.ts';
import { err, jsonBody, tokenOnly, type OpContext } from './context.ts';

export const HEALTH = { message: 'API is working!' };

/** The login handler; an unmatched POST under /api/ reaches it too (§9). */
export function login(ctx: OpContext, req: EmuRequest): Reply {
  const b = jsonBody(req);
  if (!b) return err(400, 'Invalid JSON body');
  const result = ctx.auth.login(b.username, b.password);
  if (result === 'limited') return err(429, 'Too many login attempts. Please try again later.');
  if (result === 'bad') return err(401, 'Invalid credentials');
  return json(200, { access_token: result });
}

/** Health, login and whoami (§2). */
export function sessionRoutes(router: Router, ctx: OpContext): void {
  router.get('/api/', () => json(200, HEALTH));
  router.post('/api/', (req) => login(ctx, req));
  router.get('/api/whoami', tokenOnly(ctx, () => json(200, { logged_in_as: 'admin' })));
}
