import type { KindHandler } from '../../kind-handler.ts';
import type { ObservedObject, SessionOp, Spec } from '../../types.ts';
import { API_VERSION, MAX_PAGE, ORDER, PRUNE_REASON } from '../constants.ts';
import type { UsersContext } from '../context.ts';
import type { WireRole, WireUserSummary } from '../wire.ts';
import { compareUser } from './user-compare.ts';
import { checkUserSpec, exportUser, normalizeUserSpec, observeUser, userSpecSchema, type CanonicalBlock } from './user-spec.ts';

/**
 * Every page, until one is short or repeats ids already seen: the real module ignores
 * paging and returns everyone on every page (users-api.md §6.2).
 */
async function listAll(ctx: UsersContext, pageSize: number): Promise<WireUserSummary[]> {
  const perPage = Math.min(Math.max(pageSize, 1), MAX_PAGE);
  const seen = new Set<number>();
  const out: WireUserSummary[] = [];
  for (let page = 1; ; page++) {
    const users = await ctx.api.listPage(page, perPage);
    const fresh = users.filter((u) => !seen.has(u.id));
    for (const u of fresh) {
      seen.add(u.id);
      out.push(u);
    }
    if (users.length < perPage || fresh.length === 0) return out;
  }
}

async function observeOne(ctx: UsersContext, summary: WireUserSummary): Promise<ObservedObject> {
  const detail = await ctx.api.getUser(summary.id);
  ctx.learnRoles((detail.roles ?? []).filter((r): r is WireRole => typeof r === 'object'));
  return observeUser(summary, detail);
}

async function applyBlock(ctx: UsersContext, id: number, target: CanonicalBlock): Promise<void> {
  if (target === false) await ctx.api.unblock(id);
  else await ctx.api.block(id, { ...(target.reason ? { reason: target.reason } : {}), ...(target.until && target.until !== 'never' ? { until: target.until } : {}) });
}

async function update(ctx: UsersContext, op: SessionOp): Promise<void> {
  const id = typeof op.observed?.id === 'number' ? op.observed.id : ctx.idOf(op.key);
  const spec = op.desired?.spec ?? {};
  const changed = new Set(op.changes.map((c) => c.path));
  const body: { email?: string; password?: string } = {};
  if (changed.has('email')) body.email = String(spec.email);
  if (changed.has('password') && op.desired?.secrets.password) body.password = op.desired.secrets.password;
  if (Object.keys(body).length) await ctx.api.updateUser(id, body);
  if (changed.has('roles')) await ctx.api.setRoles(id, await ctx.roleIds(rolesOf(spec)));
  // No `blocked` in the manifest while the plan changes it: a block panelops applied is lifted.
  if (changed.has('blocked')) await applyBlock(ctx, id, (spec.blocked as CanonicalBlock | undefined) ?? false);
}

const rolesOf = (spec: Spec): Array<string | number> => ((spec.roles ?? []) as string[]).map((r) => (/^\d+$/.test(r) ? Number(r) : r));

export const userHandler: KindHandler<UsersContext> = {
  descriptor: {
    kind: 'User',
    apiVersion: API_VERSION,
    order: ORDER.User,
    specSchema: userSpecSchema,
    nameSchema: { type: 'string', minLength: 3, maxLength: 50, pattern: '^\\S+$', description: '3-50 characters, no spaces.' },
    secretFields: ['password'],
    keyCaseInsensitive: true,
    recordedFields: ['blocked'],
    normalize: normalizeUserSpec,
    check: (spec, _key, facts) => (facts === undefined ? checkUserSpec(spec) : []),
    checkSecrets: (secrets) => (secrets.password !== undefined && secrets.password.length < 8 ? [['/password', 'the password must have at least 8 characters']] : []),
    compare: compareUser,
    exportSpec: exportUser,
  },
  list: async (ctx, keys, limits) => {
    const wanted = new Set([...keys].map((k) => k.toLowerCase()));
    const summaries = await listAll(ctx, limits.pageSize);
    for (const s of summaries) ctx.ids.set(s.username.toLowerCase(), s.id);
    // Roles and block details need one read per user: only for the users panelops manages.
    return Promise.all(summaries.map((s) => (wanted.has(s.username.toLowerCase()) ? observeOne(ctx, s) : observeUser(s))));
  },
  // Import reads every user in full (roles and blocks need the detail read).
  discover: async (ctx) => (await listAll(ctx, MAX_PAGE)).map((s) => s.username),
  get: async (ctx, key) => {
    const summary = (await listAll(ctx, MAX_PAGE)).find((s) => s.username.toLowerCase() === key.toLowerCase());
    return summary && observeOne(ctx, summary);
  },
  create: async (ctx, op) => {
    const spec = op.desired?.spec ?? {};
    const password = op.desired?.secrets.password;
    if (!password) throw new Error(`User/${op.key}: spec.password is required to create a user`);
    const roleIds = spec.roles ? await ctx.roleIds(rolesOf(spec)) : undefined;
    const created = await ctx.api.createUser({ username: op.key, email: String(spec.email), password, ...(roleIds ? { role_ids: roleIds } : {}) });
    ctx.ids.set(op.key.toLowerCase(), created.id);
    // Some servers ignore role_ids on create (users-api.md §4): set them explicitly.
    if (roleIds) await ctx.api.setRoles(created.id, roleIds);
    const blocked = spec.blocked as CanonicalBlock | undefined;
    if (blocked !== undefined && blocked !== false) await applyBlock(ctx, created.id, blocked);
    return { id: created.id };
  },
  update,
  // The API cannot delete users (users-api.md §6.10): a pruned user is blocked and released.
  delete: async (ctx, op) => {
    const id = typeof op.observed?.id === 'number' ? op.observed.id : ctx.idOf(op.key);
    await ctx.api.block(id, { reason: PRUNE_REASON });
  },
};
