import { empty, json, type EmuRequest, type Router } from '../../kit/router.ts';
import { fail, route } from '../../marzban/http-errors.ts';
import { allowed, type Caller } from '../auth.ts';
import type { EmuUser } from '../types.ts';
import { applyNextPlan, resetUsage, revokeSubscription, setDisabled } from '../user-lifecycle.ts';
import { createUser, modifyUser } from '../user-write.ts';
import { userResponse } from '../views.ts';
import { idParam, objectBody, type RouteContext } from './context.ts';

/**
 * Single-user routes, by id and by name (§5). Scope `own` is part of the lookup, so another
 * admin's user is a 404, not a 403 (§2.1).
 */
export function userRoutes(router: Router, { state, auth }: RouteContext): void {
  const find = (req: EmuRequest, action: string): { caller: Caller; user: EmuUser } => {
    const caller = auth.caller(req);
    const scope = allowed(caller, 'users', action);
    const user = req.params.id !== undefined ? state.usersById.get(idParam(req, 'id')) : state.users.get(req.params.username ?? '');
    if (!user || (scope === 'own' && user.admin_id !== caller.admin.id)) return fail(404, 'User not found');
    return { caller, user };
  };
  const view = (user: EmuUser) => json(200, userResponse(state, user));
  const both = (method: 'get' | 'put' | 'post' | 'delete', tail: string, handler: (req: EmuRequest) => ReturnType<typeof view>) => {
    router[method](`/api/user/by-id/:id(\\d+)${tail}`, route(handler));
    router[method](`/api/user/:username${tail}`, route(handler));
  };

  router.post('/api/user', route((req) => {
    const caller = auth.caller(req);
    allowed(caller, 'users', 'create');
    const user = createUser(state, objectBody(req), caller.admin.id);
    return json(201, userResponse(state, user));
  }));
  both('get', '', (req) => view(find(req, 'read').user));
  both('put', '', (req) => {
    const { user } = find(req, 'update');
    modifyUser(state, user, objectBody(req));
    return view(user);
  });
  both('delete', '', (req) => {
    state.deleteUser(find(req, 'delete').user);
    return empty(204);
  });
  both('put', '/disabled', (req) => {
    const { user } = find(req, 'update');
    setDisabled(state, user, objectBody(req).disabled === true);
    return view(user);
  });
  both('post', '/reset', (req) => {
    const { user } = find(req, 'reset_usage');
    resetUsage(user);
    return view(user);
  });
  both('post', '/revoke_sub', (req) => {
    const { user } = find(req, 'revoke_sub');
    revokeSubscription(state, user);
    return view(user);
  });
  both('post', '/active_next', (req) => {
    const { user } = find(req, 'activate_next_plan');
    applyNextPlan(state, user);
    return view(user);
  });
  both('put', '/set_owner', (req) => {
    const { caller, user } = find(req, 'read');
    allowed(caller, 'users', 'set_owner');
    const admin = state.adminByName(req.query.get('admin_username') ?? '') ?? fail(404, 'Admin not found');
    user.admin_id = admin.id;
    return view(user);
  });
}
