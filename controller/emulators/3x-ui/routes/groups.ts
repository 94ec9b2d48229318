import type { Router } from '../../kit/router.ts';
import { writeAcross } from '../client-ops.ts';
import { ok, XuiError } from '../envelope.ts';
import type { XuiState } from '../state.ts';
import type { XuiClient } from '../types.ts';
import { objectBody, stringList } from '../wire-decode.ts';
import { apiRoute, offers, type XuiRouteContext } from './api-route.ts';

const relabel = (state: XuiState, c: XuiClient, group: string) => writeAcross(state, c, () => (c.group = group), ['group'], { check: false });

const nameOf = (body: unknown, field = 'name'): string => {
  const raw = objectBody(body)[field];
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (!name) throw new XuiError('group name is required');
  return name;
};

/** Groups (v3.2+): stored names plus labels on clients, so empty groups exist (§7.7, §11). */
export function groupRoutes(router: Router, ctx: XuiRouteContext): void {
  const { state } = ctx;
  if (!offers(ctx, '3.2')) return;
  const members = (name: string) => [...state.clientsById.values()].filter((c) => c.group === name);

  apiRoute(router, ctx, 'GET', '/clients/groups', () => {
    const names = new Set([...state.groups, ...[...state.clientsById.values()].map((c) => c.group).filter(Boolean)]);
    return ok([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).map((name) => {
      const list = members(name);
      const up = list.reduce((n, c) => n + (state.traffic.get(c.email)?.up ?? 0), 0);
      const down = list.reduce((n, c) => n + (state.traffic.get(c.email)?.down ?? 0), 0);
      return { name, clientCount: list.length, trafficUsed: up + down, up, down };
    }));
  });
  apiRoute(router, ctx, 'GET', '/clients/groups/:name/emails', (req) => ok(members(req.params.name ?? '').map((c) => c.email).sort()));
  apiRoute(router, ctx, 'POST', '/clients/groups/create', (_req, body) => {
    const name = nameOf(body());
    if (state.groups.has(name)) throw new XuiError('group already exists');
    state.groups.add(name);
    return ok({ name });
  });
  // Delete clears the label and the stored name; it never deletes a client.
  apiRoute(router, ctx, 'POST', '/clients/groups/delete', (_req, body) => {
    const name = nameOf(body());
    const list = members(name);
    for (const c of list) relabel(state, c, '');
    state.groups.delete(name);
    return ok({ affected: list.length });
  });
  apiRoute(router, ctx, 'POST', '/clients/groups/rename', (_req, body) => {
    const from = nameOf(body(), 'oldName');
    const to = nameOf(body(), 'newName');
    if (state.groups.has(from) && state.groups.has(to)) throw new XuiError('UNIQUE constraint failed: client_groups.name', false);
    const list = members(from);
    for (const c of list) relabel(state, c, to);
    if (state.groups.delete(from)) state.groups.add(to);
    return ok({ affected: list.length });
  });
  apiRoute(router, ctx, 'POST', '/clients/groups/bulkAdd', (_req, body) => {
    const group = nameOf(body(), 'group');
    // §11: a stored row is made only when neither a stored row nor a label has the name.
    if (members(group).length === 0) state.groups.add(group);
    let affected = 0;
    for (const email of stringList(body(), 'emails')) {
      const c = state.clients.get(email);
      if (!c || c.group === group) continue;
      relabel(state, c, group);
      affected += 1;
    }
    return ok({ affected });
  });
  apiRoute(router, ctx, 'POST', '/clients/groups/bulkRemove', (_req, body) => {
    let affected = 0;
    for (const email of stringList(body(), 'emails')) {
      const c = state.clients.get(email);
      if (!c || !c.group) continue;
      relabel(state, c, '');
      affected += 1;
    }
    return ok({ affected });
  });
}
