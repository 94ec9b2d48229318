import { json, jsonObjectBody, type EmuRequest, type Handler, type Reply } from '../../kit/router.ts';
import type { FaultInjector } from '../../kit/faults.ts';
import type { UaUser, UsersApiState } from '../state.ts';

export interface UaContext {
  state: UsersApiState;
  keys: ReadonlyArray<{ key: string; permissions: string[] }>;
  compat: 'seed' | 'flute';
  faults: () => FaultInjector | undefined;
}

export const message = (status: number, text: string): Reply => json(status, { message: text });
export const invalid = (text: string): Reply => json(422, { error: text });

/** Key first (401), then permission (403), then the user (404), then the body (422) (§5.1). */
export function guarded(ctx: UaContext, handler: (req: EmuRequest) => Reply): Handler {
  return (req) => {
    const sent = req.headers['x-api-key'];
    if (!sent) return message(401, 'API key is required');
    const key = ctx.keys.find((k) => k.key === sent);
    if (!key || ctx.faults()?.expireToken()) return message(401, 'Invalid API key');
    if (!key.permissions.includes('admin.boss') && !key.permissions.includes('admin.users')) return message(403, 'Forbidden');
    return handler(req);
  };
}

export function userOf(ctx: UaContext, req: EmuRequest, param = 'id'): UaUser | undefined {
  const u = ctx.state.users.get(Number(req.params[param]));
  return u && !u.deleted ? u : undefined;
}


/** The request's JSON object body, if it has one. */
export const body = jsonObjectBody;
