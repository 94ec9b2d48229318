import { PanelError } from '../../errors.ts';
import type { ObservedObject, SessionOp, Spec } from '../../types.ts';
import { FLUTE_CANNOT_BLOCK, FLUTE_CANNOT_RETIRE } from '../constants.ts';
import type { UsersContext } from '../context.ts';
import type { FluteUser } from '../wire.ts';
import { observeFluteUser } from './flute-observe.ts';
import { NAME_BYTES, utf8Bytes, type CanonicalBlock } from './user-spec.ts';

/** Most detail reads per listing: a third of Flute's default per-route minute. */
const BLOCK_DETAILS = 20;

/** Temporary users have no login: no manifest can name them, so they are not listed. */
const addressable = (u: FluteUser): u is FluteUser & { login: string } => typeof u.login === 'string' && u.login !== '';

const refuse = (ctx: UsersContext, op: SessionOp, reason: string) => new PanelError(reason, { panel: ctx.panel, subject: `User/${op.key}`, retryable: false });

/** Every user in one request, plus the role list; a detail read only for (a few) managed users that are blocked. */
export async function listFlute(ctx: UsersContext, keys: ReadonlySet<string>): Promise<ObservedObject[]> {
  const wanted = new Set([...keys].map((k) => k.toLowerCase()));
  const [users] = await Promise.all([ctx.fluteUsers(), ctx.readRoleList()]);
  const listed = users.filter(addressable);
  for (const u of listed) {
    ctx.ids.set(u.login.toLowerCase(), u.id);
    ctx.liveRoles.set(u.login.toLowerCase(), u.roles);
  }
  // A block's reason only informs a note (manifests cannot set Flute blocks), and details
  // share the per-route budget: a plan reads at most BLOCK_DETAILS of them.
  const detailed = new Set(listed.filter((u) => u.is_blocked && wanted.has(u.login.toLowerCase())).slice(0, BLOCK_DETAILS).map((u) => u.id));
  return Promise.all(listed.map(async (u) => observeFluteUser(u, ctx.roleId, detailed.has(u.id) ? await ctx.api.fluteUser(u.id) : undefined)));
}

export async function getFlute(ctx: UsersContext, key: string): Promise<ObservedObject | undefined> {
  const user = (await ctx.fluteUsers()).filter(addressable).find((u) => u.login.toLowerCase() === key.toLowerCase());
  if (!user) return undefined;
  return observeFluteUser(user, ctx.roleId, user.is_blocked ? await ctx.api.fluteUser(user.id) : undefined);
}

const rolesOf = (spec: Spec): Array<string | number> => ((spec.roles ?? []) as string[]).map((r) => (/^\d+$/.test(r) ? Number(r) : r));

/** The module ignores role_ids on create (§4): the roles follow with their own call. */
export async function createFlute(ctx: UsersContext, op: SessionOp): Promise<{ id: number }> {
  const spec = op.desired?.spec ?? {};
  const password = op.desired?.secrets.password;
  if (!password) throw refuse(ctx, op, 'spec.password is required to create a user');
  const blocked = spec.blocked as CanonicalBlock | undefined;
  if (blocked !== undefined && blocked !== false) throw refuse(ctx, op, FLUTE_CANNOT_BLOCK);
  const roleIds = spec.roles ? await ctx.roleIds(rolesOf(spec)) : undefined;
  const created = await ctx.api.fluteCreate({ name: op.key, login: op.key, email: String(spec.email), password });
  ctx.ids.set(op.key.toLowerCase(), created.id);
  if (roleIds) await ctx.api.setRoles(created.id, roleIds);
  return { id: created.id };
}

/**
 * A PUT replaces the whole user and needs the password every time (§7): it sends the live
 * name and login back, the manifest's email and password. Roles and unblocking have calls of their own.
 */
export async function updateFlute(ctx: UsersContext, op: SessionOp): Promise<void> {
  const live = op.observed;
  if (!live || typeof live.id !== 'number') throw refuse(ctx, op, 'is not on the panel');
  const spec = op.desired?.spec ?? {};
  const changed = new Set(op.changes.map((c) => c.path));
  const target = spec.blocked as CanonicalBlock | undefined;
  if (changed.has('blocked') && target !== undefined && target !== false) throw refuse(ctx, op, FLUTE_CANNOT_BLOCK);
  if (changed.has('email') || changed.has('password')) {
    const password = op.desired?.secrets.password;
    if (!password) throw refuse(ctx, op, 'the Flute module replaces the whole user and needs the password on every update: add spec.password (an { env } or { file } reference)');
    // The live name goes back as it is; one the module's rule refuses (bytes, §8.2) would fail this PUT on every run.
    const liveName = typeof live.spec.name === 'string' ? live.spec.name : '';
    if (utf8Bytes(liveName) > NAME_BYTES.max) throw refuse(ctx, op, `the user's name on the panel is ${utf8Bytes(liveName)} bytes in UTF-8, more than the ${NAME_BYTES.max} the module accepts back in a PUT (social sign-ups store up to 255 characters): shorten it in Flute first; nothing was sent`);
    const name = utf8Bytes(liveName) >= NAME_BYTES.min ? liveName : live.key;
    await ctx.api.fluteUpdate(live.id, { name, login: live.key, email: String(spec.email ?? live.spec.email), password });
  }
  if (changed.has('roles')) await ctx.api.setRoles(live.id, await ctx.roleIds(rolesOf(spec)));
  // Dropping a block panelops applied on the seed dialect; unblocking works on Flute.
  if (changed.has('blocked')) await ctx.api.unblock(live.id);
}

/** Pruning is refused before any request: the module has no way to retire a user (§7). */
export function deleteFlute(ctx: UsersContext, op: SessionOp): Promise<void> {
  return Promise.reject(refuse(ctx, op, `${FLUTE_CANNOT_RETIRE} "panelops state forget ${ctx.panel}:User/${op.key}"`));
}
