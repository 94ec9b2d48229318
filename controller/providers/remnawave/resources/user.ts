import { bytesOut, compact } from '../../../contract/export-units.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { liveKey, numericId } from '../../kind-handler.ts';
import type { ObservedObject, PanelFacts, Reference, SessionOp, Spec } from '../../types.ts';
import type { RemnawaveContext } from '../catalog.ts';
import { API_VERSION, MAX_STREAM_PAGE, ORDER } from '../constants.ts';
import { orUndefinedOn404 } from '../../not-found.ts';
import { unlessAlready } from './already.ts';
import { CREDENTIAL_FIELDS, normalizeUserSpec, observeUser, USERNAME_PATTERN, userSpecSchema } from './user-spec.ts';
import { changedFields, createBody, patchBody } from './user-write.ts';

/** Every user, by keyset pages of the stream route (remnawave.md §5): new users never shift a page. */
async function listUsers(ctx: RemnawaveContext, pageSize: number): Promise<ObservedObject[]> {
  const out: ObservedObject[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await ctx.api.streamUsers(cursor, Math.min(pageSize, MAX_STREAM_PAGE));
    for (const u of page.users) out.push(observeUser(u));
    if (!page.hasMore || page.nextCursor === undefined || page.nextCursor === cursor) return out;
    cursor = page.nextCursor;
  }
}

function check(spec: Spec, _key: string, facts: PanelFacts | undefined): Array<[string, string]> {
  if (facts) return [];
  const issues: Array<[string, string]> = [];
  if (spec.expire !== undefined && spec.expire !== 'never' && String(spec.expire).startsWith('2099-')) {
    issues.push(['/expire', 'the panel reads any date in 2099 as "never": write never']);
  }
  return issues;
}

const references = (spec: Spec): Reference[] =>
  Array.isArray(spec.squads) ? (spec.squads as string[]).map((key) => ({ kind: 'InternalSquad', key, field: 'squads', mayBeLive: true })) : [];

async function update(ctx: RemnawaveContext, op: SessionOp): Promise<void> {
  const credentials = op.changes.filter((c) => (CREDENTIAL_FIELDS as readonly string[]).includes(c.path)).map((c) => c.path);
  if (credentials.length) {
    // PATCH drops them silently and only revoke rotates them, to random values (§4.2).
    throw new Error(`User/${op.key}: ${credentials.join(', ')} cannot change on an existing Remnawave user (the panel takes credentials on create only); restore the previous secret, or delete and re-create the user`);
  }
  const spec = op.desired?.spec ?? {};
  const id = numericId(op);
  const changed = changedFields(op.changes);
  if (changed.has('expire') && spec.expire !== 'never' && Date.parse(String(spec.expire)) <= Date.now()) {
    throw new Error(`User/${op.key}: expire ${String(spec.expire)} is in the past, and Remnawave refuses a past expiry on update (§4.3): set a future date or "never"`);
  }
  const squads = changed.has('squads') ? await ctx.catalog.squadUuids((spec.squads ?? []) as string[]) : undefined;
  const body = patchBody(id, spec, changed, squads);
  if (Object.keys(body).length > 1) await ctx.api.updateUser(body);
  // Status through the actions, never PATCH: PATCH DISABLED is a silent no-op on LIMITED and
  // EXPIRED users, and PATCH ACTIVE re-enables them (§4.4). Each action after the PATCH, so a
  // new expiry that lifts EXPIRED is followed by the disable the manifest asks for.
  if (changed.has('status')) {
    if (spec.status === 'disabled') await unlessAlready(ctx.api.userAction(id, 'disable'), ['A029']);
    else await unlessAlready(ctx.api.userAction(id, 'enable'), ['A030']);
  }
}

export const exportUser = (o: ObservedObject): Spec => {
  const s = o.spec;
  return compact({
    status: s.status,
    dataLimit: bytesOut(s.dataLimit),
    dataLimitResetStrategy: s.dataLimitResetStrategy,
    expire: s.expire,
    note: s.note,
    tag: s.tag,
    email: s.email,
    telegramId: s.telegramId,
    hwidDeviceLimit: s.hwidDeviceLimit,
    squads: s.squads,
  });
};

export const userHandler: KindHandler<RemnawaveContext> = {
  descriptor: {
    kind: 'User',
    apiVersion: API_VERSION,
    order: ORDER.User,
    specSchema: userSpecSchema,
    nameSchema: { type: 'string', pattern: USERNAME_PATTERN, description: 'Letters, digits, _ and -, 3-36 characters; case-sensitive.' },
    secretFields: CREDENTIAL_FIELDS,
    normalize: normalizeUserSpec,
    references,
    check,
    exportSpec: exportUser,
  },
  list: (ctx, _keys, limits) => listUsers(ctx, limits.pageSize),
  listsEverything: true,
  get: async (ctx, key) => {
    const u = await orUndefinedOn404(ctx.api.userByName(key));
    return u && observeUser(u);
  },
  create: async (ctx, op) => {
    const spec = op.desired?.spec ?? {};
    const squads = Array.isArray(spec.squads) ? await ctx.catalog.squadUuids(spec.squads as string[]) : undefined;
    const user = await ctx.api.createUser(createBody(op.key, spec, op.desired?.secrets ?? {}, squads));
    return { id: user.id };
  },
  update,
  delete: async (ctx, op) => {
    const id = op.observed?.id ?? (await ctx.api.userByName(liveKey(op))).id;
    await ctx.api.deleteUser(Number(id));
  },
};
