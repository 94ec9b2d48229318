import { compact } from '../../../contract/export-units.ts';
import { objectSchema, stringEnum } from '../../../manifest/schema-fragments.ts';
import type { KindHandler } from '../../kind-handler.ts';
import type { ObservedObject, PanelFacts, Reference, SessionOp, Spec } from '../../types.ts';
import type { RemnawaveContext } from '../catalog.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { WireHost } from '../wire.ts';
import { changedFields } from './user-write.ts';
import { uuidOf } from './uuid-of.ts';
import { atLeast, profileIssues, remnawaveVersion } from '../version.ts';

const NULLABLE_TEXT = ['sni', 'host', 'path', 'alpn', 'fingerprint', 'serverDescription'] as const;
const names = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true };

const hostSpecSchema = objectSchema(
  {
    address: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    configProfile: { type: 'string', minLength: 1, description: 'The config profile, by name.' },
    inbound: { type: 'string', minLength: 1, description: 'The inbound of that profile, by tag.' },
    sni: { type: 'string' },
    host: { type: 'string' },
    path: { type: 'string' },
    alpn: stringEnum(['', 'h3', 'h2', 'http/1.1', 'h2,http/1.1', 'h3,h2,http/1.1', 'h3,h2'], 'ALPN offered by clients.'),
    fingerprint: { type: 'string' },
    securityLayer: stringEnum(['DEFAULT', 'TLS', 'NONE'], 'Security of the link.'),
    serverDescription: { type: 'string', maxLength: 30 },
    tags: { type: 'array', maxItems: 10, items: { type: 'string', pattern: '^[A-Z0-9_:]{1,36}$' }, uniqueItems: true },
    hidden: { type: 'boolean' },
    disabled: { type: 'boolean' },
    nodes: { ...names, description: 'Nodes by name.' },
    excludedSquads: { ...names, description: 'Internal squads by name whose members do not get this host.' },
  },
  ['address', 'port', 'configProfile', 'inbound'],
);

function normalize(spec: Spec): Spec {
  const out: Spec = { ...spec };
  for (const f of ['tags', 'nodes', 'excludedSquads']) if (Array.isArray(spec[f])) out[f] = [...(spec[f] as string[])].sort();
  return out;
}

const references = (spec: Spec): Reference[] => [
  ...((spec.nodes ?? []) as string[]).map((key) => ({ kind: 'Node', key, field: 'nodes', mayBeLive: true })),
  ...((spec.excludedSquads ?? []) as string[]).map((key) => ({ kind: 'InternalSquad', key, field: 'excludedSquads', mayBeLive: true })),
];

/** The profile and inbound must match the live profiles; 3.4 replaced the host's excluded squads with an include / exclude mode (remnawave.md §14), so the old field is refused there. */
function check(spec: Spec, _key: string, facts: PanelFacts | undefined): Array<[string, string]> {
  const issues = profileIssues(spec, typeof spec.inbound === 'string' ? [spec.inbound] : [], '/inbound', facts);
  const version = remnawaveVersion(facts);
  if (spec.excludedSquads !== undefined && atLeast(version, 3, 4)) {
    issues.push(['/excludedSquads', `Remnawave ${version ?? ''} replaced excluded squads with internalSquads modes, which panelops does not manage yet: leave the field out`]);
  }
  return issues;
}

async function observeHost(ctx: RemnawaveContext, h: WireHost): Promise<ObservedObject> {
  const spec: Spec = {
    address: h.address,
    port: h.port,
    configProfile: await ctx.catalog.profileName(h.inbound?.configProfileUuid),
    // null when a profile renamed or removed the inbound (§9, §13): shown as drift, never re-pointed by guess.
    inbound: await ctx.catalog.inboundTag(h.inbound?.configProfileInboundUuid),
    securityLayer: h.securityLayer,
    tags: [...(h.tags ?? [])].sort(),
    hidden: h.isHidden === true,
    disabled: h.isDisabled === true,
    nodes: await ctx.catalog.namesOf(h.nodes ?? [], 'nodes'),
    excludedSquads: await ctx.catalog.namesOf(h.excludedInternalSquads ?? [], 'squads'),
  };
  for (const f of NULLABLE_TEXT) spec[f] = h[f] ?? '';
  return { kind: 'Host', key: h.remark, id: h.uuid, spec };
}

/** Remarks are not unique on the panel (§11): the first host of a remark, in the panel's order, is the one managed. */
async function listHosts(ctx: RemnawaveContext): Promise<ObservedObject[]> {
  const seen = new Map<string, ObservedObject>();
  for (const h of await ctx.api.listHosts()) {
    const first = seen.get(h.remark);
    if (first) first.notes = [...(first.notes ?? []), `another host has the remark "${h.remark}": only this one (the first in the panel's order) is managed`];
    else seen.set(h.remark, await observeHost(ctx, h));
  }
  return [...seen.values()];
}

async function hostFields(ctx: RemnawaveContext, spec: Spec, only?: ReadonlySet<string>): Promise<Record<string, unknown>> {
  const want = (f: string) => spec[f] !== undefined && (!only || only.has(f));
  const body: Record<string, unknown> = {};
  for (const f of ['address', 'port', 'securityLayer', 'tags']) if (want(f)) body[f] = spec[f];
  for (const f of NULLABLE_TEXT) if (want(f)) body[f] = spec[f] === '' ? null : spec[f];
  if (want('hidden')) body.isHidden = spec.hidden;
  if (want('nodes')) body.nodes = await ctx.catalog.nodeUuids(spec.nodes as string[]);
  if (want('excludedSquads')) body.excludedInternalSquads = await ctx.catalog.squadUuids(spec.excludedSquads as string[]);
  if (want('configProfile') || want('inbound')) {
    const profile = String(spec.configProfile);
    const [inbound] = await ctx.catalog.inboundUuids([String(spec.inbound)], profile);
    body.inbound = { configProfileUuid: await ctx.catalog.profileUuid(profile), configProfileInboundUuid: inbound };
  }
  return body;
}

async function update(ctx: RemnawaveContext, op: SessionOp): Promise<void> {
  const spec = op.desired?.spec ?? {};
  const changed = changedFields(op.changes);
  if (changed.has('configProfile')) changed.add('inbound');
  if (changed.has('inbound')) changed.add('configProfile');
  const body = await hostFields(ctx, { ...op.observed?.spec, ...spec }, changed);
  // 3.3.x reads a PATCH without isDisabled as "enable" (§11): it is always sent, as the manifest
  // wants it or as the panel has it.
  body.isDisabled = spec.disabled ?? op.observed?.spec.disabled === true;
  await ctx.api.updateHost({ uuid: uuidOf(op), ...body });
}

export const hostHandler: KindHandler<RemnawaveContext> = {
  descriptor: {
    kind: 'Host',
    apiVersion: API_VERSION,
    order: ORDER.Host,
    specSchema: hostSpecSchema,
    nameSchema: { type: 'string', minLength: 1, maxLength: 100, description: 'The host\'s remark (1-100 characters).' },
    secretFields: [],
    normalize,
    references,
    check,
    exportSpec: (o) => {
      const s = o.spec;
      const empty = (v: unknown) => (Array.isArray(v) && v.length === 0 ? undefined : v);
      return compact({ ...s, securityLayer: s.securityLayer === 'DEFAULT' ? undefined : s.securityLayer, tags: empty(s.tags), nodes: empty(s.nodes), excludedSquads: empty(s.excludedSquads), hidden: s.hidden || undefined, disabled: s.disabled || undefined });
    },
  },
  list: (ctx) => listHosts(ctx),
  listsEverything: true,
  get: async (ctx, key) => (await listHosts(ctx)).find((h) => h.key === key),
  create: async (ctx, op) => {
    const spec = op.desired?.spec ?? {};
    const host = await ctx.api.createHost({ remark: op.key, ...(await hostFields(ctx, spec)), isDisabled: spec.disabled === true });
    return { id: host.uuid };
  },
  update,
  delete: async (ctx, op) => {
    await ctx.api.deleteHost(uuidOf(op));
  },
};
