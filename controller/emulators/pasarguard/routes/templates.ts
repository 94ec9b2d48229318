import { empty, json, type EmuRequest, type Router } from '../../kit/router.ts';
import { fail, invalid, route } from '../../marzban/http-errors.ts';
import { allowed } from '../auth.ts';
import type { PasarGuardState } from '../state.ts';
import type { EmuTemplate } from '../types.ts';
import { RESET_STRATEGIES, SS_METHODS } from '../types.ts';
import { templateResponse } from '../views.ts';
import { idParam, objectBody, type RouteContext } from './context.ts';

type Body = Record<string, unknown>;

/**
 * POST and PUT bodies (§7). Null or omitted keeps a field on PUT, except the reset strategy,
 * which has a default and so becomes no_reset when left out; an empty or omitted group list keeps.
 */
function apply(state: PasarGuardState, t: Omit<EmuTemplate, 'id'>, body: Body, creating: boolean): void {
  if (creating && body.group_ids === undefined) invalid('group_ids', 'Field required');
  if (Array.isArray(body.group_ids) && body.group_ids.length) {
    for (const id of body.group_ids as number[]) if (!state.groups.has(id)) fail(404, 'Group not found');
    t.group_ids = [...(body.group_ids as number[])];
  } else if (creating) invalid('group_ids', 'Value error, you must select at least one group');
  const strategy = body.data_limit_reset_strategy ?? 'no_reset';
  if (!RESET_STRATEGIES.includes(String(strategy))) invalid('data_limit_reset_strategy', 'Input should be a valid strategy');
  t.data_limit_reset_strategy = String(strategy);
  if (typeof body.name === 'string') t.name = body.name;
  if (typeof body.data_limit === 'number') t.data_limit = body.data_limit;
  if (typeof body.expire_duration === 'number') t.expire_duration = body.expire_duration;
  if (typeof body.username_prefix === 'string') t.username_prefix = body.username_prefix;
  if (typeof body.username_suffix === 'string') t.username_suffix = body.username_suffix;
  if (body.status === 'active' || body.status === 'on_hold') t.status = body.status;
  if (typeof body.reset_usages === 'boolean') t.reset_usages = body.reset_usages;
  if (typeof body.on_hold_timeout === 'number') t.on_hold_timeout = body.on_hold_timeout;
  if ('hwid_limit' in body) t.hwid_limit = typeof body.hwid_limit === 'number' ? body.hwid_limit : null;
  if (typeof body.is_disabled === 'boolean') t.is_disabled = body.is_disabled;
  const method = (body.extra_settings as { method?: unknown } | null | undefined)?.method;
  if (method !== undefined) {
    if (!SS_METHODS.includes(String(method))) invalid('method', 'Input should be a valid method');
    t.extra_settings = { method: String(method) };
  }
}

const blank = (): Omit<EmuTemplate, 'id'> => ({
  name: '', data_limit: 0, expire_duration: 0, username_prefix: null, username_suffix: null, group_ids: [], extra_settings: null,
  status: 'active', reset_usages: false, on_hold_timeout: null, data_limit_reset_strategy: 'no_reset', hwid_limit: null, is_disabled: false,
});

export function templateRoutes(router: Router, { state, auth }: RouteContext): void {
  const taken = (name: string, except?: number) => [...state.templates.values()].some((t) => t.name === name && t.id !== except);
  const find = (req: EmuRequest, action: string) => {
    allowed(auth.caller(req), 'templates', action);
    return state.templates.get(idParam(req, 'id')) ?? fail(404, 'User Template not found');
  };
  router.get('/api/user_templates', route((req) => {
    allowed(auth.caller(req), 'templates', 'read');
    return json(200, [...state.templates.values()].map(templateResponse));
  }));
  router.post('/api/user_template', route((req) => {
    allowed(auth.caller(req), 'templates', 'create');
    const body = objectBody(req);
    const t = blank();
    apply(state, t, body, true);
    // A template without a name gets the same answer as a taken one (§7, observed).
    if (typeof body.name !== 'string' || taken(body.name)) fail(409, 'Template by this name already exists');
    return json(201, templateResponse(state.addTemplate(t)));
  }));
  router.get('/api/user_template/:id(\\d+)', route((req) => json(200, templateResponse(find(req, 'read')))));
  router.put('/api/user_template/:id(\\d+)', route((req) => {
    const t = find(req, 'update');
    const body = objectBody(req);
    if (typeof body.name === 'string' && taken(body.name, t.id)) fail(409, 'Template by this name already exists');
    apply(state, t, body, false);
    return json(200, templateResponse(t));
  }));
  router.delete('/api/user_template/:id(\\d+)', route((req) => {
    const t = find(req, 'delete');
    state.templates.delete(t.id);
    // Next plans that point at it go with it (§7).
    for (const u of state.users.values()) if (u.next_plan?.user_template_id === t.id) u.next_plan = null;
    return empty(204);
  }));
}
