import { empty, type Router } from '../../kit/router.ts';
import { coded, invalid } from '../errors.ts';
import type { EmuSquad } from '../types.ts';
import { isUuid } from '../user-validate.ts';
import { squadView } from '../views.ts';
import { objectBody, type RouteContext } from './context.ts';
import { ok } from '../errors.ts';

const NAME = /^[A-Za-z0-9_ -]{2,30}$/;

/** Internal squads (§7): Default-Squad reserved, PATCH needs a name or inbounds, inbounds replaced, delete cascades. */
export function squadRoutes(router: Router, { state, guarded }: RouteContext): void {
  const find = (uuid: string) => state.squads.get(uuid) ?? coded(404, 'A118', 'Internal squad not found');
  const inbounds = (list: unknown, failCode: string, failMessage: string): string[] => {
    if (!Array.isArray(list) || !list.every(isUuid)) return invalid([{ path: ['inbounds'], message: 'Invalid UUID', code: 'invalid_format' }]);
    if (!list.every((u) => state.inbound(u as string))) return coded(500, failCode, failMessage);
    return [...new Set(list as string[])];
  };
  const checkName = (name: unknown) => {
    if (typeof name !== 'string' || !NAME.test(name)) invalid([{ path: ['name'], message: 'Name must be 2-30 characters of letters, digits, _, - and spaces', code: 'custom' }]);
    if (name === 'Default-Squad') coded(400, 'A144', 'Default-Squad is a reserved name');
  };

  router.get('/api/internal-squads', guarded('internal-squads', 'list', 'read', () => {
    const list = [...state.squads.values()];
    return ok(200, { total: list.length, internalSquads: list.map((s) => squadView(state, s)) });
  }));
  router.get('/api/internal-squads/:uuid', guarded('internal-squads', 'get', 'read', (req) => ok(200, squadView(state, find(req.params.uuid ?? '')))));
  router.post('/api/internal-squads', guarded('internal-squads', 'create', 'write', (req) => {
    const body = objectBody(req);
    checkName(body.name);
    const ins = inbounds(body.inbounds ?? [], 'A119', 'Create internal squad error');
    if (state.squadByName(body.name as string)) coded(409, 'A120', 'Internal squad name already exists');
    const now = state.now();
    const squad: EmuSquad = { uuid: state.uuid(), name: body.name as string, inbounds: ins, createdAt: now, updatedAt: now };
    state.squads.set(squad.uuid, squad);
    return ok(201, squadView(state, squad));
  }));
  router.patch('/api/internal-squads', guarded('internal-squads', 'update', 'write', (req) => {
    const body = objectBody(req);
    if (!isUuid(body.uuid)) invalid([{ path: ['uuid'], message: 'Invalid UUID', code: 'invalid_format' }]);
    const squad = find(body.uuid as string);
    if (body.name === undefined && body.inbounds === undefined) coded(400, 'A153', 'Name or inbounds are required');
    if (body.name !== undefined) {
      checkName(body.name);
      const twin = state.squadByName(body.name as string);
      if (twin && twin !== squad) coded(409, 'A120', 'Internal squad name already exists');
    }
    const ins = body.inbounds !== undefined ? inbounds(body.inbounds, 'A121', 'Update internal squad error') : undefined;
    if (body.name !== undefined) squad.name = body.name as string;
    if (ins) squad.inbounds = ins;
    squad.updatedAt = state.now();
    return ok(200, squadView(state, squad));
  }));
  router.delete('/api/internal-squads/:uuid', guarded('internal-squads', 'delete', 'write', (req) => {
    const squad = find(req.params.uuid ?? '');
    state.squads.delete(squad.uuid);
    for (const u of state.users.values()) u.squads = u.squads.filter((s) => s !== squad.uuid);
    for (const h of state.hosts.values()) h.excludedInternalSquads = h.excludedInternalSquads.filter((s) => s !== squad.uuid);
    return empty(204);
  }));
}
