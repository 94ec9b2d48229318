import type { KindHandler } from '../../kind-handler.ts';
import { numericId } from '../../kind-handler.ts';
import { readForWrite } from '../../identity.ts';
import type { ObservedObject, Reference, Spec } from '../../types.ts';
import type { PasarGuardClient } from '../client.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import { joinUserPages } from '../../marzban/user-page.ts';
import { usernameSchema } from '../username.ts';
import { exportUser } from './exports.ts';
import { readLookups } from './lookups.ts';
import { compareUser } from './user-compare.ts';
import { normalizeUserSpec, observeUser, SHARED_KEYS, userSpecSchema } from './user-spec.ts';
import { createBody, statusSwitch, updateBody } from './user-write.ts';

/** Rules the schema cannot express (pasarguard.md §5.3 step 0). */
function check(spec: Spec, _key: string, facts: unknown): Array<[string, string]> {
  if (facts || spec.status !== 'on_hold') return [];
  const issues: Array<[string, string]> = [];
  if (!spec.onHoldExpireDuration) issues.push(['/onHoldExpireDuration', 'status on_hold needs onHoldExpireDuration (the panel refuses on_hold without it)']);
  if (spec.expire !== undefined && spec.expire !== 'never') issues.push(['/expire', 'status on_hold cannot have an expire: the panel sets it when the hold ends']);
  return issues;
}

function references(spec: Spec): Reference[] {
  const refs: Reference[] = ((spec.groups ?? []) as string[]).map((g) => ({ kind: 'Group', key: g, field: 'groups', mayBeLive: true }));
  if (typeof spec.owner === 'string') refs.push({ kind: 'Admin', key: spec.owner, field: 'owner', mayBeLive: true });
  const template = (spec.nextPlan as Spec | null | undefined)?.template;
  if (typeof template === 'string') refs.push({ kind: 'UserTemplate', key: template, field: 'nextPlan', mayBeLive: true });
  return refs;
}

/** Every user, in pages read side by side once the first tells the total (as for Marzban, §6). */
async function listUsers(client: PasarGuardClient, pageSize: number): Promise<ObservedObject[]> {
  const { names } = await readLookups(client);
  const observe = (u: Parameters<typeof observeUser>[0]) => observeUser(u, names);
  const first = await client.mapUsers(0, pageSize + 1, observe);
  const offsets: number[] = [];
  for (let offset = pageSize; offset < first.total; offset += pageSize) offsets.push(offset);
  const rest = await Promise.all(offsets.map(async (offset) => (await client.mapUsers(offset, pageSize + 1, observe, first.total)).users));
  return joinUserPages({ panel: client.panel, route: '/api/users' }, [first.users, ...rest], pageSize);
}

/** The shared keys among a desired object's secrets (only `paths` when given). */
function pinnedKeys(secrets: Readonly<Record<string, string>> | undefined, paths: readonly string[] = SHARED_KEYS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of paths) if ((SHARED_KEYS as readonly string[]).includes(path) && secrets?.[path] !== undefined) out[path] = secrets[path];
  return out;
}

const topFields = (op: { changes: readonly { path: string }[] }) => new Set(op.changes.map((c) => c.path.split('.')[0] ?? c.path));

export const userHandler: KindHandler<PasarGuardClient> = {
  descriptor: {
    kind: 'User',
    apiVersion: API_VERSION,
    order: ORDER.User,
    specSchema: { ...userSpecSchema, required: ['groups'] },
    nameSchema: usernameSchema,
    secretFields: [],
    // What panelops last set, to tell a plan the panel applied or a hold that ended from drift.
    recordedFields: ['status', 'nextPlan'],
    normalize: normalizeUserSpec,
    references,
    check,
    compare: compareUser,
    exportSpec: exportUser,
  },
  list: (client, _keys, limits) => listUsers(client, limits.pageSize),
  listsEverything: true,
  get: async (client, key) => {
    const user = await client.findUser(key);
    return user && observeUser(user, (await readLookups(client)).names);
  },
  create: async (client, op) => {
    const spec = op.desired?.spec ?? {};
    const { ids } = await readLookups(client);
    const created = await client.createUser(createBody(op.key, spec, ids, pinnedKeys(op.desired?.secrets)));
    if (typeof spec.owner === 'string') await client.setOwner(created.id, spec.owner);
    // Create takes only active / on_hold (§5.5): a disabled user is created, then switched off.
    if (spec.status === 'disabled') await client.setUserDisabled(created.id, true);
    return { id: created.id };
  },
  update: async (client, op) => {
    const spec = op.desired?.spec ?? {};
    const id = numericId(op);
    const changed = topFields(op);
    // Read first, whatever changes: the body echoes the live next plan and, if needed, the whole
    // proxy table, so another user's answer would hand this one its credentials; and on such an
    // answer not even the owner is moved (the same check as every provider's, identity.ts).
    const live = await readForWrite(op, client.getUser(id), (u) => ({ key: u.username, id: u.id }));
    if (changed.has('owner') && typeof spec.owner === 'string') await client.setOwner(id, spec.owner);
    changed.delete('owner');
    if (changed.size === 0) return;
    const { ids } = await readLookups(client);
    // A key is sent only when the plan changes it (a re-key the run allowed), inside the whole table as read.
    const rekeyed = pinnedKeys(op.desired?.secrets, op.changes.filter((c) => c.secret).map((c) => c.path));
    const body = updateBody(live, spec, changed, ids, rekeyed);
    const onlyStatus = changed.size === 1 && changed.has('status') && body.status === undefined;
    if (!onlyStatus) await client.updateUser(id, body);
    const disable = statusSwitch(live, spec, changed);
    if (disable !== undefined) await client.setUserDisabled(id, disable);
  },
  delete: async (client, op) => {
    await client.deleteUser(numericId(op));
  },
};
