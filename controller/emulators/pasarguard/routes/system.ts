import { json, type Router } from '../../kit/router.ts';
import { route } from '../../marzban/http-errors.ts';
import { allowed } from '../auth.ts';
import type { RouteContext } from './context.ts';

/** System facts (§11): the version, user counts by status, inbound tags. */
export function systemRoutes(router: Router, { state, auth }: RouteContext): void {
  router.get('/api/system', route((req) => {
    allowed(auth.caller(req), 'system', 'read');
    const users = [...state.users.values()];
    const count = (s: string) => users.filter((u) => u.status === s).length;
    return json(200, {
      total_user: users.length, online_users: 0, active_users: count('active'), on_hold_users: count('on_hold'), disabled_users: count('disabled'),
      expired_users: count('expired'), limited_users: count('limited'), incoming_bandwidth: 0, outgoing_bandwidth: 0, version: state.version,
    });
  }));
  router.get('/api/inbounds', route((req) => {
    auth.caller(req);
    return json(200, state.inbounds);
  }));
}
