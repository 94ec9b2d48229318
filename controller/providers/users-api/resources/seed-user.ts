import type { ObservedObject, SessionOp, Spec } from '../../types.ts';
import { MAX_PAGE, PRUNE_REASON } from '../constants.ts';
import type { UsersContext } from '../context.ts';
import type { WireRole, WireUserSummary } from '../wire.ts';
import { observeUser, type CanonicalBlock } from './user-spec.ts';

/**
 * Every page, until one is short or repeats ids already seen: a server that ignores
 * paging returns everyone on every page (users-api.md §6.2).
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

const rolesOf = (spec: Spec): Array<string | number> => ((spec.roles ?? []) as string[]).map((r) => (/^\d+$/.test(r) ? Number(r) : r));

export async function listSeed(ctx: UsersContext, keys: ReadonlySet<string>, pageSize: number): Promise<ObservedObject[]> {
  const wanted = new Set([...keys].map((k) => k.toLowerCase()));
  const summaries = await listAll(ctx, pageSize);
  for (const s of summaries) ctx.ids.set(s.username.toLowerCase(), s.id);
  // Roles and block details need one read per user: only for the users panelops manages.
  return Promise.all(summaries.map((s) => (wanted.has(s.username.toLowerCase()) ? observeOne(ctx, s) : observeUser(s))));
}

export const listSeedNames = async (ctx: UsersContext, pageSize: number): Promise<string[]> => (await listAll(ctx, pageSize)).map((s) => s.username);

export async function getSeed(ctx: UsersContext, key: string): Promise<ObservedObject | undefined> {
  const summary = (await listAll(ctx, MAX_PAGE)).find((s) => s.username.toLowerCase() === key.toLowerCase());
  return summary && observeOne(ctx, summary);
}

export async function createSeed(ctx: UsersContext, op: SessionOp): Promise<{ id: number }> {
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
}

export async function updateSeed(ctx: UsersContext, op: SessionOp): Promise<void> {
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

/** The seed API cannot delete users (users-api.md §6.10): a pruned user is blocked and released. */
export async function deleteSeed(ctx: UsersContext, op: SessionOp): Promise<void> {
  const id = typeof op.observed?.id === 'number' ? op.observed.id : ctx.idOf(op.key);
  await ctx.api.block(id, { reason: PRUNE_REASON });
}
