import type { KindHandler } from '../../kind-handler.ts';
import { liveKey } from '../../kind-handler.ts';
import { checkedWrite, readForWrite } from '../../identity.ts';
import type { ObservedObject, PanelFacts, Reference, Spec } from '../../types.ts';
import type { MarzbanClient } from '../client.ts';
import type { WireUser } from '../wire.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import { joinUserPages } from '../user-page.ts';
import { orUndefinedOn404 } from '../../not-found.ts';
import { compareUser } from './user-compare.ts';
import { normalizeUserSpec, observeUser, USERNAME_PATTERN, userSpecSchema } from './user-spec.ts';
import { createBody, updateBody, withKeys } from './user-write.ts';
import { exportUser } from './exports.ts';
import { marzbanFacts } from '../facts.ts';
import { MISSING, missingMessage } from '../release.ts';
import { caseClash, probeFolding, recordUsernames } from '../username-case.ts';

/** Rules the schema cannot express (marzban.md §5.3 step 0, §5.1 inbounds), and what the live panel allows (§14, §15). */
function check(spec: Spec, key: string, facts: PanelFacts | undefined): Array<[string, string]> {
  const issues: Array<[string, string]> = [];
  if (!facts) {
    if (spec.status === 'on_hold') {
      if (!spec.onHoldExpireDuration) issues.push(['/onHoldExpireDuration', 'status on_hold needs onHoldExpireDuration (the panel rejects on_hold without it)']);
      if (spec.expire !== undefined && spec.expire !== 'never') issues.push(['/expire', 'status on_hold cannot have an expire: the panel sets it on first connection']);
    }
    const proxies = Object.keys((spec.proxies ?? {}) as Spec);
    for (const protocol of Object.keys((spec.inbounds ?? {}) as Spec)) {
      if (!proxies.includes(protocol)) issues.push([`/inbounds/${protocol}`, `lists inbounds for ${protocol}, which is not in proxies`]);
    }
    return issues;
  }
  const session = marzbanFacts(facts);
  const twin = caseClash(session, key);
  if (twin) issues.push(['', `User "${key}" differs only by case from the existing user "${twin}", and this panel treats them as one name: spell it "${twin}"`]);
  if (session) for (const field of MISSING[session.release].user) if (spec[field] !== undefined) issues.push([`/${field}`, missingMessage(field, session.release)]);
  const known = facts.inboundTags;
  if (!known) return issues;
  // The pointer names the list: tags were sorted when normalizing, so an index would mislead.
  for (const [protocol, tags] of Object.entries((spec.inbounds ?? {}) as Record<string, string[]>)) {
    for (const tag of tags) {
      if (!known.has(tag)) issues.push([`/inbounds/${protocol}`, `inbound "${tag}" does not exist on the panel (known: ${[...known].join(', ')})`]);
    }
  }
  return issues;
}

const references = (spec: Spec): Reference[] =>
  typeof spec.owner === 'string' ? [{ kind: 'Admin', key: spec.owner, field: 'owner', mayBeLive: true }] : [];

/**
 * Every user, in pages. The first page tells the total; the rest are asked for at once and
 * the client's queue bounds how many are in flight, so the panel is never idle while the
 * previous page is being read.
 */
async function listUsers(client: MarzbanClient, pageSize: number): Promise<ObservedObject[]> {
  // offset 0 is ignored by the panel (§6), which is what the first page wants anyway.
  // Each page asks for one row more, the next page's first (joinUserPages), and is checked against the first page's total.
  const first = await client.mapUsers(0, pageSize + 1, observeUser);
  // Whether names fold is asked while the other pages are read (username-case.ts).
  const folding = probeFolding(client, first.users.slice(0, pageSize));
  const offsets: number[] = [];
  for (let offset = pageSize; offset < first.total; offset += pageSize) offsets.push(offset);
  const rest = await Promise.all(offsets.map(async (offset) => (await client.mapUsers(offset, pageSize + 1, observeUser, first.total)).users));
  const users = joinUserPages({ panel: client.panel, route: '/api/users' }, [first.users, ...rest], pageSize);
  recordUsernames(client.facts, await folding, users);
  return users;
}

/** A user answer names itself by username; Marzban users have no id in the API. */
const named = (u: WireUser) => ({ key: u.username });

export const userHandler: KindHandler<MarzbanClient> = {
  descriptor: {
    kind: 'User',
    apiVersion: API_VERSION,
    order: ORDER.User,
    specSchema: { ...userSpecSchema, required: ['proxies'] },
    nameSchema: { type: 'string', pattern: USERNAME_PATTERN, description: 'Letters, digits, _ - @ . with a first word of 3-32 characters.' },
    secretFields: [],
    // Keys match exactly: SQLite panels hold case twins (§15); a folding panel's spelling is checked in `check`.
    recordedFields: ['owner'],
    // On MySQL `alice` and `Alice` are one user (§13-§15): two such manifests are a duplicate there.
    foldsKeys: (facts) => marzbanFacts(facts)?.usernames?.folds === true,
    normalize: normalizeUserSpec,
    references,
    check,
    compare: compareUser,
    exportSpec: exportUser,
  },
  list: (client, _keys, limits) => listUsers(client, limits.pageSize),
  listsEverything: true,
  get: async (client, key) => {
    const user = await orUndefinedOn404(client.getUser(key));
    return user && observeUser(user);
  },
  create: async (client, op) => {
    const spec = op.desired?.spec ?? {};
    const meant = { panel: client.panel, key: op.key };
    await checkedWrite(op, client.createUser(createBody(op.key, spec, op.desired?.secrets)), named, meant);
    if (typeof spec.owner === 'string') await checkedWrite(op, client.setOwner(op.key, spec.owner), named, meant);
    // Create accepts only active / on_hold (§5.1): a disabled user is created, then disabled.
    if (spec.status === 'disabled') {
      const live = await readForWrite(op, client.getUser(op.key), named, meant);
      await checkedWrite(op, client.updateUser(op.key, updateBody(live, spec, new Set(['status']))), named, meant);
    }
  },
  update: async (client, op) => {
    const spec = op.desired?.spec ?? {};
    const key = liveKey(op);
    const changed = new Set(op.changes.map((c) => c.path.split('.')[0] ?? c.path));
    const meant = { panel: client.panel };
    const owner = changed.delete('owner') && typeof spec.owner === 'string' ? spec.owner : undefined;
    // Read again right before writing: the body echoes live credentials and next_plan, so it
    // must be this user's (identity.ts). Read before the owner moves, so a wrong answer sends nothing.
    const live = changed.size > 0 ? await readForWrite(op, client.getUser(key), named, meant) : undefined;
    if (owner !== undefined) await checkedWrite(op, client.setOwner(key, owner), named, meant);
    if (!live) return;
    const body = updateBody(live, spec, changed);
    // A key is sent only when the plan changes it: a re-key the run was allowed to make.
    const rekeyed = op.changes.filter((c) => c.secret).map((c) => c.path);
    if (rekeyed.length && body.proxies) body.proxies = withKeys(body.proxies, op.desired?.secrets ?? {}, rekeyed);
    await checkedWrite(op, client.updateUser(key, body), named, meant);
  },
  delete: async (client, op) => {
    await client.deleteUser(liveKey(op));
  },
};
