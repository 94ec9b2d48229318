import { empty, type Router } from '../../kit/router.ts';
import { coded, invalid, type Issue } from '../errors.ts';
import type { RemnawaveState } from '../state.ts';
import type { UserStatus } from '../types.ts';
import { objectBody, type RouteContext } from './context.ts';

/** 3.x bulk bodies name users by integer `userIds` (§6); a 2.x `uuids` body is a validation error. */
function userIds(body: Record<string, unknown>, max: number): number[] {
  const ids = body.userIds;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > max || !ids.every((i) => Number.isInteger(i))) {
    const issue: Issue = { path: ['userIds'], message: Array.isArray(ids) ? `Expected 1-${max} integer ids` : 'Invalid input: expected array, received undefined', code: 'invalid_type' };
    return invalid([issue]);
  }
  return ids as number[];
}

const squadOr500 = (state: RemnawaveState, uuid: string) => state.squads.get(uuid) ?? coded(500, 'A233', 'Internal squad bulk action error');

/**
 * Bulk routes (§6). Queued ones answer 202 with no body and the work is done at once here
 * (the real panel does it within seconds); the "all users" routes really touch every user.
 * panelops never calls the all-users ones, which is what the tests of these routes check.
 */
export function bulkRoutes(router: Router, { state, guarded }: RouteContext): void {
  const each = (ids: number[], fn: (u: NonNullable<ReturnType<typeof state.users.get>>) => void) => {
    for (const id of ids) {
      const u = state.users.get(id);
      if (u) fn(u);
    }
  };
  const fieldsOf = (body: Record<string, unknown>) => {
    const fields = (body.fields ?? {}) as Record<string, unknown>;
    if (fields.status === 'LIMITED' || fields.status === 'EXPIRED') coded(500, 'A089', 'LIMITED and EXPIRED statuses are not allowed to be set manually.');
    return fields;
  };
  const applyFields = (fields: Record<string, unknown>) => (u: NonNullable<ReturnType<typeof state.users.get>>) => {
    if (fields.status === 'DISABLED' || fields.status === 'ACTIVE') u.status = fields.status as UserStatus;
    if (typeof fields.description === 'string' || fields.description === null) u.description = fields.description as string | null;
    if (typeof fields.trafficLimitBytes === 'number') u.trafficLimitBytes = fields.trafficLimitBytes;
    u.updatedAt = state.now();
  };

  router.post('/api/users/bulk/update', guarded('users', 'bulk-update', 'write', (req) => {
    const body = objectBody(req);
    const ids = userIds(body, 500);
    each(ids, applyFields(fieldsOf(body)));
    return empty(202);
  }));
  router.post('/api/users/bulk/all/update', guarded('users', 'bulk-all-update', 'write', (req) => {
    const fields = fieldsOf(objectBody(req));
    for (const u of state.users.values()) applyFields(fields)(u);
    return empty(202);
  }));
  router.post('/api/users/bulk/delete', guarded('users', 'bulk-delete', 'write', (req) => {
    for (const id of userIds(objectBody(req), 500)) state.users.delete(id);
    return empty(204);
  }));
  // Deletes every membership first, outside a transaction: with [] the users keep none and the answer is 500 A088 (§6).
  router.post('/api/users/bulk/update-squads', guarded('users', 'bulk-update-squads', 'write', (req) => {
    const body = objectBody(req);
    const ids = userIds(body, 500);
    const squads = Array.isArray(body.activeInternalSquads) ? (body.activeInternalSquads as string[]) : [];
    each(ids, (u) => (u.squads = []));
    if (squads.length === 0) coded(500, 'A088', 'Bulk add inbounds to users error');
    each(ids, (u) => (u.squads = squads.filter((s) => state.squads.has(s))));
    return empty(204);
  }));

  router.post('/api/internal-squads/:uuid/bulk-actions/add-users', guarded('internal-squads', 'add-users', 'write', (req) => {
    const squad = squadOr500(state, req.params.uuid ?? '');
    for (const u of state.users.values()) if (!u.squads.includes(squad.uuid)) u.squads.push(squad.uuid);
    return empty(202);
  }));
  router.delete('/api/internal-squads/:uuid/bulk-actions/remove-users', guarded('internal-squads', 'remove-users', 'write', (req) => {
    const squad = squadOr500(state, req.params.uuid ?? '');
    for (const u of state.users.values()) u.squads = u.squads.filter((s) => s !== squad.uuid);
    return empty(202);
  }));
  router.post('/api/internal-squads/:uuid/bulk-actions/add-many-users', guarded('internal-squads', 'add-many-users', 'write', (req) => {
    const squad = squadOr500(state, req.params.uuid ?? '');
    each(userIds(objectBody(req), 1000), (u) => (u.squads.includes(squad.uuid) ? undefined : u.squads.push(squad.uuid)));
    return empty(202);
  }));
  router.delete('/api/internal-squads/:uuid/bulk-actions/remove-many-users', guarded('internal-squads', 'remove-many-users', 'write', (req) => {
    const squad = squadOr500(state, req.params.uuid ?? '');
    each(userIds(objectBody(req), 1000), (u) => (u.squads = u.squads.filter((s) => s !== squad.uuid)));
    return empty(202);
  }));
}
