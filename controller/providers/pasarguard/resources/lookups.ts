import type { PasarGuardClient } from '../client.ts';
import type { NameLookup } from './user-spec.ts';
import type { IdLookup } from './user-write.ts';

/**
 * Group and template names ↔ ids. Group names are not unique on the panel (§8): the group
 * with the lowest id holds the name, which is also the one the Group kind observes.
 */
export async function readLookups(client: PasarGuardClient): Promise<{ names: NameLookup; ids: IdLookup }> {
  const [groups, templates] = await Promise.all([client.listGroups(), client.listTemplates()]);
  const groupIds = new Map<string, number>();
  for (const g of [...groups].sort((a, b) => a.id - b.id)) if (!groupIds.has(g.name)) groupIds.set(g.name, g.id);
  return {
    names: { groups: new Map(groups.map((g) => [g.id, g.name])), templates: new Map(templates.map((t) => [t.id, t.name])) },
    ids: { groups: groupIds, templates: new Map(templates.map((t) => [t.name, t.id])) },
  };
}
