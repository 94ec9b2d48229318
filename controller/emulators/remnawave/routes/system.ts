import type { Router } from '../../kit/router.ts';
import { coded, routeWith } from '../errors.ts';
import { ok } from '../errors.ts';
import { objectBody, type RouteContext } from './context.ts';

/** Version, admin login, API tokens (admin only) and user metadata (§1, §2, §4.8). */
export function systemRoutes(router: Router, ctx: RouteContext): void {
  const { state, auth, guarded } = ctx;
  const route = routeWith(state.now);
  router.get('/api/system/metadata', guarded('system', 'metadata', 'read', () => ok(200, { version: state.version, build: { time: '2026-01-01T00:00:00Z', number: '0' } })));
  router.post('/api/auth/login', route((req) => {
    const body = objectBody(req);
    return ok(200, { accessToken: auth.login(String(body.username ?? ''), String(body.password ?? '')) });
  }));
  router.put('/api/metadata/user/:id', guarded('metadata', 'upsert', 'write', (req) => {
    const id = Number(req.params.id);
    if (!state.users.has(id)) coded(404, 'A025', 'User not found');
    const metadata = objectBody(req).metadata;
    state.metadata.set(id, metadata);
    return ok(200, { metadata });
  }));
  router.get('/api/metadata/user/:id', guarded('metadata', 'get', 'read', (req) => {
    const id = Number(req.params.id);
    if (!state.metadata.has(id)) coded(404, 'A226', 'Metadata not found');
    return ok(200, { metadata: state.metadata.get(id) });
  }));
}
