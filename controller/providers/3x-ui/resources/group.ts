import { objectSchema } from '../../../manifest/schema-fragments.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { liveKey } from '../../kind-handler.ts';
import type { ObservedObject } from '../../types.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { XuiContext } from '../context.ts';
import { isRouteMissing } from '../route-missing.ts';
import type { GroupRow } from '../wire.ts';

const observe = (g: GroupRow): ObservedObject => ({ kind: 'Group', key: g.name, spec: {} });

/** Groups came with v3.2 (§11): an older panel has none to list, and creating one says which release is needed. */
async function listGroups(ctx: XuiContext): Promise<GroupRow[]> {
  try {
    return (await ctx.api.listGroups()) ?? [];
  } catch (err) {
    if (isRouteMissing(err)) return [];
    throw err;
  }
}

/**
 * A client group (3x-ui.md §7.7): a stored name plus the label on clients. Groups can be
 * empty; deleting one clears the label of its members and never deletes a client.
 */
export const groupHandler: KindHandler<XuiContext> = {
  descriptor: {
    kind: 'Group',
    apiVersion: API_VERSION,
    order: ORDER.Group,
    specSchema: objectSchema({}),
    nameSchema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^\\S(.*\\S)?$', description: 'Group name (no leading or trailing spaces).' },
    secretFields: [],
  },
  list: async (ctx) => (await listGroups(ctx)).map(observe),
  get: async (ctx, key) => {
    const found = (await listGroups(ctx)).find((g) => g.name === key);
    return found && observe(found);
  },
  create: async (ctx, op) => {
    await ctx.api.createGroup(op.key);
  },
  // A group has no fields: nothing to update.
  update: async () => {},
  delete: async (ctx, op) => {
    await ctx.api.deleteGroup(liveKey(op));
  },
};
