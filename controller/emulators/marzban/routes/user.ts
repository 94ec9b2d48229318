import { BadRequestBody, json, type EmuRequest, type Router } from '../../kit/router.ts';
import type { Caller } from '../auth.ts';
import { fail, route } from '../http-errors.ts';
import type { EmuUser } from '../types.ts';
import { activateNextPlan, resetUser, revokeSubscription } from '../user-lifecycle.ts';
import { createUser, modifyUser, parseModify } from '../user-write.ts';
import { userResponse } from '../views.ts';
import type { RouteContext } from './context.ts';

const objectBody = (req: EmuRequest): Record<string, unknown> => {
  const value = req.json();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRequestBody('not an object');
  return value as Record<string, unknown>;
};

/** Single-user routes (§5): 401, then 404, then 403 for a user the caller does not own. */
export function userRoutes(router: Router, { state, auth }: RouteContext): void {
  const owned = (req: EmuRequest): { caller: Caller; user: EmuUser } => {
    const caller = auth.caller(req);
    const user = state.findUser(req.params.username ?? '') ?? fail(404, 'User not found');
    if (!caller.sudo && user.admin !== caller.username) fail(403, "You're not allowed");
    return { caller, user };
  };
  const view = (user: EmuUser) => {
    if (user.broken) return { status: 500, text: 'Internal Server Error' };
    return json(200, userResponse(state, user));
  };

  router.post('/api/user', route((req) => {
    const caller = auth.caller(req);
    const user = createUser(state, objectBody(req), caller.admin ? caller.username : null);
    return view(user);
  }));
  router.get('/api/user/:username', route((req) => view(owned(req).user)));
  router.put('/api/user/:username', route((req) => {
    // 0.4.2 checks the body before looking the user up: a bad body to a missing or foreign user is 422 (§13).
    const early = state.version === '0.4.2' ? (auth.caller(req), parseModify(state, objectBody(req))) : undefined;
    const { user } = owned(req);
    modifyUser(state, user, early ?? parseModify(state, objectBody(req)));
    return view(user);
  }));
  router.delete('/api/user/:username', route((req) => {
    const { user } = owned(req);
    state.deleteUser(user);
    return json(200, state.version === '0.4.2' ? {} : { detail: 'User successfully deleted' });
  }));
  router.post('/api/user/:username/reset', route((req) => {
    const { user } = owned(req);
    resetUser(user);
    return view(user);
  }));
  router.post('/api/user/:username/revoke_sub', route((req) => {
    const { user } = owned(req);
    revokeSubscription(state, user);
    return view(user);
  }));
  // Only 0.8.4 has the route; earlier releases answer the framework's 404 (§16.9).
  if (state.version === '0.8.4') {
    router.post('/api/user/:username/active-next', route((req) => {
      const { user } = owned(req);
      const outcome = activateNextPlan(user);
      if (outcome === 'no-plan') fail(404, "User doesn't have next plan");
      if (outcome === 'failed') return { status: 500, text: 'Internal Server Error' };
      return view(user);
    }));
  }
  router.put('/api/user/:username/set-owner', route((req) => {
    auth.sudoCaller(req);
    const user = state.findUser(req.params.username ?? '') ?? fail(404, 'User not found');
    const admin = state.admins.get(req.query.get('admin_username') ?? '') ?? fail(404, 'Admin not found');
    user.admin = admin.username;
    return view(user);
  }));
}
