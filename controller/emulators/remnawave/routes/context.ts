import type { EmuRequest, Handler, Reply } from '../../kit/router.ts';
import { BadRequestBody } from '../../kit/router.ts';
import type { Permission, RemnawaveAuth } from '../auth.ts';
import { invalid, routeWith } from '../errors.ts';
import type { RemnawaveState } from '../state.ts';

export interface RouteContext {
  state: RemnawaveState;
  auth: RemnawaveAuth;
  /** A handler behind the auth and scope check of its permission (§2: 401, then 403, then validation, then 404). */
  guarded(resource: string, slug: string, kind: Permission['kind'], handler: (req: EmuRequest) => Reply | Promise<Reply>): Handler;
}

export function routeContext(state: RemnawaveState, auth: RemnawaveAuth): RouteContext {
  const route = routeWith(state.now);
  return {
    state,
    auth,
    guarded: (resource, slug, kind, handler) =>
      route((req) => {
        auth.check(req, { resource, slug, kind });
        return handler(req);
      }),
  };
}

/** The JSON object body; malformed JSON is Nest's own 400 (the server's badBody). */
export function objectBody(req: EmuRequest): Record<string, unknown> {
  const value = req.rawBody.length ? req.json() : {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRequestBody('not an object');
  return value as Record<string, unknown>;
}

/** A positive integer path id; anything else is a validation error (§4.5). */
export function positiveId(req: EmuRequest, name = 'id'): number {
  const raw = req.params[name] ?? '';
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || id < 1) return invalid([{ path: [name], message: 'Invalid input', code: 'invalid_type' }]);
  return id;
}
