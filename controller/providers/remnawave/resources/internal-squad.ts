import { compact } from '../../../contract/export-units.ts';
import { objectSchema } from '../../../manifest/schema-fragments.ts';
import type { KindHandler } from '../../kind-handler.ts';
import type { ObservedObject, Spec } from '../../types.ts';
import type { RemnawaveContext } from '../catalog.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { WireSquad } from '../wire.ts';
import { uuidOf } from './uuid-of.ts';

/** remnawave.md §7: 2-30 letters, digits, _, - and spaces. */
export const SQUAD_NAME_PATTERN = '^[A-Za-z0-9_ -]{2,30}$';

/**
 * A squad's inbounds by tag (tags are unique across config profiles, §9). When a profile renames
 * an inbound, the old one is deleted and every squad silently loses it: the next plan shows the
 * tag missing from the squad, and the update that would restore it fails naming the tag, since
 * no profile has it any more. panelops never guesses which new inbound was meant.
 */
export const observeSquad = (s: WireSquad): ObservedObject => ({
  kind: 'InternalSquad',
  key: s.name,
  id: s.uuid,
  spec: { inbounds: (s.inbounds ?? []).map((i) => i.tag).sort() },
});

export const internalSquadHandler: KindHandler<RemnawaveContext> = {
  descriptor: {
    kind: 'InternalSquad',
    apiVersion: API_VERSION,
    order: ORDER.InternalSquad,
    specSchema: objectSchema({
      inbounds: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description: 'Inbound tags of any config profile; the squad\'s whole set.' },
    }),
    nameSchema: { type: 'string', pattern: SQUAD_NAME_PATTERN, description: '2-30 letters, digits, _, - and spaces. Default-Squad is the panel\'s own: it can be imported and edited, not created.' },
    secretFields: [],
    normalize: (spec: Spec) => (Array.isArray(spec.inbounds) ? { ...spec, inbounds: [...(spec.inbounds as string[])].sort() } : spec),
    deleteNote: () => 'its members lose its inbounds (the panel drops the memberships)',
    exportSpec: (o) => compact({ inbounds: o.spec.inbounds }),
  },
  list: async (ctx) => (await ctx.api.listSquads()).map(observeSquad),
  listsEverything: true,
  get: async (ctx, key) => {
    const found = (await ctx.api.listSquads()).find((s) => s.name === key);
    return found && observeSquad(found);
  },
  create: async (ctx, op) => {
    const spec = op.desired?.spec ?? {};
    const inbounds = await ctx.catalog.inboundUuids((spec.inbounds ?? []) as string[]);
    const squad = await ctx.api.createSquad({ name: op.key, inbounds });
    ctx.catalog.forgetSquads();
    return { id: squad.uuid };
  },
  update: async (ctx, op) => {
    const spec = op.desired?.spec ?? {};
    if (spec.inbounds === undefined) return;
    // `inbounds` replaces the squad's set (§7): the whole desired list is sent.
    await ctx.api.updateSquad({ uuid: uuidOf(op), inbounds: await ctx.catalog.inboundUuids(spec.inbounds as string[]) });
  },
  delete: async (ctx, op) => {
    await ctx.api.deleteSquad(uuidOf(op));
    ctx.catalog.forgetSquads();
  },
};
