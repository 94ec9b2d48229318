import { BadRequestBody, json, type EmuRequest, type Router } from '../../kit/router.ts';
import { fail, invalid, route } from '../http-errors.ts';
import type { EmuTemplate, MarzbanVersion } from '../types.ts';
import { templateResponse } from '../views.ts';
import { lengthText } from '../wording.ts';
import type { RouteContext } from './context.ts';

const body = (req: EmuRequest): Record<string, unknown> => {
  const v = req.json();
  if (typeof v !== 'object' || v === null) throw new BadRequestBody('not an object');
  return v as Record<string, unknown>;
};

function affix(version: MarzbanVersion, value: unknown, field: string): string | null | undefined {
  if (value === undefined || value === null) return value as undefined | null;
  if (typeof value !== 'string' || value.length < 1) return invalid(field, lengthText(version, 'min', 1));
  if (value.length > 20) return invalid(field, lengthText(version, 'max', 20));
  return value;
}

/** User templates (§7): unique names, int ids, tags stored flat with unknown ones dropped. */
export function templateRoutes(router: Router, { state, auth }: RouteContext): void {
  const tagsOf = (inbounds: unknown): Set<string> | undefined => {
    if (inbounds === undefined || inbounds === null) return undefined;
    const tags = Object.values(inbounds as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? v.map(String) : []));
    return new Set(tags.filter((t) => state.storableTemplateTag(t)));
  };
  // 0.7.0's by-id routes take the id from a query parameter, which picks the template (§14).
  const find = (req: EmuRequest): EmuTemplate => {
    const id = state.version === '0.7.0' ? req.query.get('template_id') : req.params.id;
    if (id === null || id === undefined) return invalid('template_id', 'field required');
    return state.templates.get(Number(id)) ?? fail(404, 'User Template not found');
  };
  const nameTaken = (name: unknown, except?: number) => [...state.templates.values()].some((t) => t.name === name && t.id !== except);

  router.get('/api/user_template', route((req) => {
    auth.caller(req);
    return json(200, [...state.templates.values()].map((t) => templateResponse(state, t)));
  }));
  router.get('/api/user_template/:id(\\d+)', route((req) => {
    const t = find(req);
    auth.caller(req);
    return json(200, templateResponse(state, t));
  }));
  router.post('/api/user_template', route((req) => {
    auth.sudoCaller(req);
    const b = body(req);
    // A missing name breaks NOT NULL, which surfaces as the same 409 (§7).
    if (typeof b.name !== 'string' || nameTaken(b.name)) fail(409, 'Template by this name already exists');
    const t = state.addTemplate({
      name: String(b.name),
      data_limit: typeof b.data_limit === 'number' ? b.data_limit : 0,
      expire_duration: typeof b.expire_duration === 'number' ? b.expire_duration : 0,
      username_prefix: affix(state.version, b.username_prefix, 'username_prefix') ?? null,
      username_suffix: affix(state.version, b.username_suffix, 'username_suffix') ?? null,
      tags: tagsOf(b.inbounds) ?? new Set(),
    });
    return json(200, templateResponse(state, t));
  }));
  router.put('/api/user_template/:id(\\d+)', route((req) => {
    auth.sudoCaller(req);
    const t = find(req);
    const b = body(req);
    if (typeof b.name === 'string' && nameTaken(b.name, t.id)) fail(409, 'Template by this name already exists');
    if (typeof b.name === 'string') t.name = b.name;
    if (typeof b.data_limit === 'number') t.data_limit = b.data_limit;
    if (typeof b.expire_duration === 'number') t.expire_duration = b.expire_duration;
    t.username_prefix = affix(state.version, b.username_prefix, 'username_prefix') ?? t.username_prefix;
    t.username_suffix = affix(state.version, b.username_suffix, 'username_suffix') ?? t.username_suffix;
    const tags = tagsOf(b.inbounds);
    if (tags && Object.keys(b.inbounds as object).length > 0) t.tags = tags;
    return json(200, templateResponse(state, t));
  }));
  router.delete('/api/user_template/:id(\\d+)', route((req) => {
    auth.sudoCaller(req);
    const t = find(req);
    state.templates.delete(t.id);
    return json(200, null);
  }));
}
