import { json, jsonObjectBody, type EmuRequest, type Handler, type Reply, type Router } from '../../kit/router.ts';
import type { FaultInjector } from '../../kit/faults.ts';
import type { RouteRateLimiter } from '../rate-limit.ts';
import type { UaUser, UsersApiState } from '../state.ts';

export interface UaContext {
  state: UsersApiState;
  keys: ReadonlyArray<{ key: string; permissions: string[] }>;
  compat: 'seed' | 'flute';
  faults: () => FaultInjector | undefined;
  /** Flute's throttle; the seed documents none (users-api.md §6.12, §7). */
  rateLimit?: RouteRateLimiter;
}

export const message = (status: number, text: string): Reply => json(status, { message: text });
export const invalid = (text: string): Reply => json(422, { error: text });

/**
 * The throttle first (Flute's router runs it before the module, §7), then the key (401),
 * the permission (403), and in the handler the user (404) and the body (422) (§5.1).
 */
export function guarded(ctx: UaContext, handler: (req: EmuRequest) => Reply, permission = 'admin.users', route?: string): Handler {
  return (req) => {
    const wait = ctx.rateLimit?.take(`${req.method} ${route ?? req.path}`);
    if (wait !== undefined) return json(429, { message: 'Too Many Requests' }, { 'retry-after': wait.toFixed(3).replace(/\.?0+$/, '') });
    const sent = req.headers['x-api-key'];
    if (!sent) return message(401, 'API key is required');
    const key = ctx.keys.find((k) => k.key === sent);
    if (!key || ctx.faults()?.expireToken()) return message(401, 'Invalid API key');
    if (!key.permissions.includes('admin.boss') && !key.permissions.includes(permission)) return message(403, 'Forbidden');
    return handler(req);
  };
}

export function userOf(ctx: UaContext, req: EmuRequest, param = 'id'): UaUser | undefined {
  const u = ctx.state.users.get(Number(req.params[param]));
  return u && !u.deleted ? u : undefined;
}

/** The request's JSON object body, if it has one. */
export const body = jsonObjectBody;

/** Registers a guarded route whose throttle counts by route pattern, as Flute's router does. */
export function guardedRoute(router: Router, ctx: UaContext, method: 'GET' | 'POST' | 'PUT' | 'DELETE', pattern: string, handler: (req: EmuRequest) => Reply, permission?: string): void {
  router.on(method, pattern, guarded(ctx, handler, permission, pattern));
}
