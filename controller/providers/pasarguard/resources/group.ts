import { objectSchema } from '../../../manifest/schema-fragments.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { numericId } from '../../kind-handler.ts';
import type { ObservedObject, PanelFacts, Spec } from '../../types.ts';
import type { PasarGuardClient } from '../client.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { WireGroup } from '../wire.ts';

const specSchema = objectSchema({
  inbounds: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true, description: 'Inbound tags every member reaches.' },
  disabled: { type: 'boolean', description: 'A disabled group grants nothing to its members.' },
});

function normalize(spec: Spec): Spec {
  return Array.isArray(spec.inbounds) ? { ...spec, inbounds: [...(spec.inbounds as string[])].sort() } : spec;
}

/**
 * Group names are not unique on the panel (§8): the lowest id holds a name, and the others
 * of that name are noted rather than managed.
 */
function observeAll(groups: readonly WireGroup[]): ObservedObject[] {
  const byName = new Map<string, ObservedObject>();
  for (const g of [...groups].sort((a, b) => a.id - b.id)) {
    const seen = byName.get(g.name);
    if (seen) {
      seen.notes = [...(seen.notes ?? []), `another group on the panel has this name (id ${g.id}); panelops manages id ${String(seen.id)} only`];
      continue;
    }
    byName.set(g.name, { kind: 'Group', key: g.name, id: g.id, spec: { inbounds: [...g.inbound_tags].sort(), disabled: g.is_disabled } });
  }
  return [...byName.values()];
}

function check(spec: Spec, _key: string, facts: PanelFacts | undefined): Array<[string, string]> {
  const known = facts?.inboundTags;
  if (!known) return [];
  return ((spec.inbounds ?? []) as string[]).filter((t) => !known.has(t)).map((t): [string, string] => ['/inbounds', `inbound "${t}" does not exist on the panel (known: ${[...known].join(', ')})`]);
}

/**
 * A group PUT replaces the group (§8): an omitted `inbound_tags` empties it and cuts off every
 * member, an omitted `is_disabled` re-enables it. Every field is sent, as read, with the changes.
 */
function wholeGroup(name: string, live: Spec, spec: Spec): Record<string, unknown> {
  return {
    name,
    inbound_tags: spec.inbounds ?? live.inbounds,
    is_disabled: (spec.disabled ?? live.disabled) === true,
  };
}

export const groupHandler: KindHandler<PasarGuardClient> = {
  descriptor: {
    kind: 'Group',
    apiVersion: API_VERSION,
    order: ORDER.Group,
    specSchema: { ...specSchema, required: ['inbounds'] },
    nameSchema: { type: 'string', minLength: 3, maxLength: 64 },
    secretFields: [],
    normalize,
    check,
  },
  list: async (client) => observeAll(await client.listGroups()),
  get: async (client, key) => observeAll(await client.listGroups()).find((g) => g.key === key),
  create: async (client, op) => {
    const spec = op.desired?.spec ?? {};
    const created = await client.createGroup({ name: op.key, inbound_tags: spec.inbounds, is_disabled: spec.disabled === true });
    return { id: created.id };
  },
  update: async (client, op) => {
    // Read again right before writing: the PUT carries the whole group.
    const live = observeAll(await client.listGroups()).find((g) => g.id === numericId(op));
    if (!live) throw new Error(`Group/${op.key} is gone from the panel`);
    await client.updateGroup(numericId(op), wholeGroup(live.key, live.spec, op.desired?.spec ?? {}));
  },
  delete: async (client, op) => {
    await client.deleteGroup(numericId(op));
  },
};
