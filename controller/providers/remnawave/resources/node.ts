import { bytesOut, compact } from '../../../contract/export-units.ts';
import { bytesSchema, objectSchema } from '../../../manifest/schema-fragments.ts';
import { parseBytes } from '../../../manifest/units.ts';
import type { KindHandler } from '../../kind-handler.ts';
import type { ObservedObject, PanelFacts, SessionOp, Spec } from '../../types.ts';
import type { RemnawaveContext } from '../catalog.ts';
import { RemnawaveError } from '../client.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { WireNode } from '../wire.ts';
import { changedFields } from './user-write.ts';
import { uuidOf } from './uuid-of.ts';
import { profileIssues } from '../version.ts';

const TAG = { type: 'string', pattern: '^[A-Z0-9_:]{1,36}$' };

const nodeSpecSchema = objectSchema(
  {
    address: { type: 'string', minLength: 2, description: 'Unique on the panel.' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    configProfile: { type: 'string', minLength: 1, description: 'The config profile, by name.' },
    inbounds: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description: 'Inbound tags of that profile the node serves.' },
    countryCode: { type: 'string', pattern: '^[A-Za-z]{2}$' },
    consumptionMultiplier: { type: 'number', minimum: 0, maximum: 100, description: 'The panel keeps one decimal.' },
    trafficTracking: { type: 'boolean' },
    dataLimit: bytesSchema('Node traffic limit.'),
    trafficResetDay: { type: 'integer', minimum: 1, maximum: 31 },
    notifyPercent: { type: 'integer', minimum: 0, maximum: 100 },
    tags: { type: 'array', maxItems: 10, items: TAG, uniqueItems: true },
    note: { type: 'string', maxLength: 255 },
    disabled: { type: 'boolean' },
  },
  ['address', 'configProfile'],
);

function normalize(spec: Spec): Spec {
  const out: Spec = { ...spec };
  if (spec.dataLimit !== undefined) out.dataLimit = parseBytes(spec.dataLimit);
  if (typeof spec.countryCode === 'string') out.countryCode = spec.countryCode.toUpperCase();
  // Stored with one decimal (§10): 1.25 reads back as 1.3, so it is compared that way.
  if (typeof spec.consumptionMultiplier === 'number') out.consumptionMultiplier = Math.round(spec.consumptionMultiplier * 10) / 10;
  for (const f of ['inbounds', 'tags']) if (Array.isArray(spec[f])) out[f] = [...(spec[f] as string[])].sort();
  return out;
}

async function observeNode(ctx: RemnawaveContext, n: WireNode): Promise<ObservedObject> {
  const profile = n.configProfile ?? { activeConfigProfileUuid: null, activeInbounds: [] };
  return {
    kind: 'Node',
    key: n.name,
    id: n.uuid,
    spec: {
      address: n.address,
      port: n.port,
      configProfile: await ctx.catalog.profileName(profile.activeConfigProfileUuid),
      inbounds: (profile.activeInbounds ?? []).map((i) => i.tag).sort(),
      countryCode: n.countryCode,
      consumptionMultiplier: n.consumptionMultiplier,
      trafficTracking: n.isTrafficTrackingActive,
      dataLimit: n.trafficLimitBytes ?? 0,
      trafficResetDay: n.trafficResetDay,
      notifyPercent: n.notifyPercent,
      tags: [...(n.tags ?? [])].sort(),
      note: n.note ?? '',
      disabled: n.isDisabled,
    },
  };
}

/** Manifest fields → node body fields, for the fields given. */
function nodeFields(spec: Spec, only?: ReadonlySet<string>): Record<string, unknown> {
  const want = (f: string) => spec[f] !== undefined && (!only || only.has(f));
  const body: Record<string, unknown> = {};
  for (const f of ['address', 'port', 'countryCode', 'consumptionMultiplier', 'trafficResetDay', 'notifyPercent', 'tags']) if (want(f)) body[f] = spec[f];
  if (want('trafficTracking')) body.isTrafficTrackingActive = spec.trafficTracking;
  if (want('dataLimit')) body.trafficLimitBytes = spec.dataLimit;
  if (want('note')) body.note = spec.note === '' ? null : spec.note;
  return body;
}

async function profileBody(ctx: RemnawaveContext, spec: Spec): Promise<Record<string, unknown>> {
  const profile = String(spec.configProfile);
  // Checked here, before the create: a create the panel refuses with A124 has already inserted the node (§10).
  return { activeConfigProfileUuid: await ctx.catalog.profileUuid(profile), activeInbounds: await ctx.catalog.inboundUuids((spec.inbounds ?? []) as string[], profile) };
}

async function create(ctx: RemnawaveContext, op: SessionOp): Promise<{ id: string }> {
  const spec = op.desired?.spec ?? {};
  const body = { name: op.key, ...nodeFields(spec), configProfile: await profileBody(ctx, spec) };
  let node: WireNode;
  try {
    node = await ctx.api.createNode(body);
  } catch (error) {
    if (error instanceof RemnawaveError && error.code === 'A124') await removeLeftover(ctx, op.key);
    throw error;
  }
  ctx.catalog.forgetNodes();
  if (spec.disabled === true) await ctx.api.nodeAction(node.uuid, 'disable');
  return { id: node.uuid };
}

/** A124 answers after the row was written: the half-made node is removed, so a retry is not refused as a duplicate name. */
async function removeLeftover(ctx: RemnawaveContext, name: string): Promise<void> {
  const leftover = (await ctx.api.listNodes()).find((n) => n.name === name);
  if (leftover) await ctx.api.deleteNode(leftover.uuid);
}

async function update(ctx: RemnawaveContext, op: SessionOp): Promise<void> {
  const spec = op.desired?.spec ?? {};
  const uuid = uuidOf(op);
  const changed = changedFields(op.changes);
  const body: Record<string, unknown> = { uuid, ...nodeFields(spec, changed) };
  if (changed.has('configProfile') || changed.has('inbounds')) body.configProfile = await profileBody(ctx, { ...op.observed?.spec, ...spec });
  if (Object.keys(body).length > 1) await ctx.api.updateNode(body);
  // A PATCH keeps a disabled node disabled (§10): only the actions change it.
  if (changed.has('disabled')) await ctx.api.nodeAction(uuid, spec.disabled === true ? 'disable' : 'enable');
}

export const nodeHandler: KindHandler<RemnawaveContext> = {
  descriptor: {
    kind: 'Node',
    apiVersion: API_VERSION,
    order: ORDER.Node,
    specSchema: nodeSpecSchema,
    nameSchema: { type: 'string', minLength: 3, maxLength: 30, description: '3-30 characters, unique on the panel.' },
    secretFields: [],
    normalize,
    check: (spec: Spec, _key: string, facts: PanelFacts | undefined) => profileIssues(spec, (spec.inbounds ?? []) as string[], '/inbounds', facts),
    exportSpec: (o) => {
      const s = o.spec;
      return compact({ ...s, dataLimit: s.dataLimit ? bytesOut(s.dataLimit) : undefined, disabled: s.disabled === true ? true : undefined, tags: (s.tags as string[]).length ? s.tags : undefined });
    },
  },
  list: async (ctx) => Promise.all((await ctx.api.listNodes()).map((n) => observeNode(ctx, n))),
  listsEverything: true,
  get: async (ctx, key) => {
    const found = (await ctx.api.listNodes()).find((n) => n.name === key);
    return found && observeNode(ctx, found);
  },
  create,
  update,
  delete: async (ctx, op) => {
    await ctx.api.deleteNode(uuidOf(op));
    ctx.catalog.forgetNodes();
  },
};
