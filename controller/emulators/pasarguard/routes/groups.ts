import { empty, json, type EmuRequest, type Router } from '../../kit/router.ts';
import { fail, invalid, route } from '../../marzban/http-errors.ts';
import { allowed } from '../auth.ts';
import type { PasarGuardState } from '../state.ts';
import type { EmuGroup } from '../types.ts';
import { idParam, objectBody, type RouteContext } from './context.ts';

const view = (state: PasarGuardState, g: EmuGroup) => ({
  name: g.name, inbound_tags: g.inbound_tags, is_disabled: g.is_disabled, id: g.id,
  total_users: [...state.users.values()].filter((u) => u.group_ids.includes(g.id)).length,
});

/** Name 3-64 (not unique), known tags; a PUT replaces the group (omitted tags → [], omitted is_disabled → false) (§8). */
function groupFields(state: PasarGuardState, body: Record<string, unknown>, creating: boolean): Omit<EmuGroup, 'id'> {
  if (typeof body.name !== 'string') invalid('name', 'Field required');
  const name = body.name as string;
  if (name.length < 3 || name.length > 64) invalid('name', 'String should have at least 3 characters');
  const tags = Array.isArray(body.inbound_tags) ? (body.inbound_tags as string[]) : [];
  if (creating && tags.length === 0) invalid('inbound_tags', 'List should have at least 1 item after validation, not 0');
  for (const tag of tags) if (!state.inbounds.includes(tag)) fail(400, `${tag} not found`);
  return { name, inbound_tags: [...tags], is_disabled: body.is_disabled === true };
}

export function groupRoutes(router: Router, { state, auth }: RouteContext): void {
  const find = (req: EmuRequest, action: string) => {
    allowed(auth.caller(req), 'groups', action);
    return state.groups.get(idParam(req, 'id')) ?? fail(404, 'Group not found');
  };
  router.get('/api/groups', route((req) => {
    allowed(auth.caller(req), 'groups', 'read');
    const groups = [...state.groups.values()].map((g) => view(state, g));
    return json(200, { groups, total: groups.length });
  }));
  router.post('/api/group', route((req) => {
    allowed(auth.caller(req), 'groups', 'create');
    return json(201, view(state, state.addGroup(groupFields(state, objectBody(req), true))));
  }));
  router.get('/api/group/:id(\\d+)', route((req) => json(200, view(state, find(req, 'read')))));
  router.put('/api/group/:id(\\d+)', route((req) => {
    const group = find(req, 'update');
    Object.assign(group, groupFields(state, objectBody(req), false));
    return json(200, view(state, group));
  }));
  router.delete('/api/group/:id(\\d+)', route((req) => {
    const group = find(req, 'delete');
    state.groups.delete(group.id);
    // Members keep their other groups (§8).
    for (const u of state.users.values()) u.group_ids = u.group_ids.filter((id) => id !== group.id);
    for (const t of state.templates.values()) t.group_ids = t.group_ids.filter((id) => id !== group.id);
    return empty(204);
  }));
}
