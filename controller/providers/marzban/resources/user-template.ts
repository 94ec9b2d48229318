import { bytesSchema, durationSchema, objectSchema } from '../../../manifest/schema-fragments.ts';
import { parseBytes, parseDurationSeconds } from '../../../manifest/units.ts';
import { checkedWrite } from '../../identity.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { numericId } from '../../kind-handler.ts';
import type { ObservedObject, PanelFacts, Spec } from '../../types.ts';
import type { MarzbanClient } from '../client.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import { PROTOCOLS, type WireTemplate } from '../wire.ts';
import { sortTags } from './user-spec.ts';
import { exportTemplate } from './exports.ts';

const affix = (what: string) => ({ type: 'string', minLength: 1, maxLength: 20, description: `Username ${what} (1-20 characters). Cannot be cleared once set.` });

const specSchema = objectSchema({
  dataLimit: bytesSchema('Quota of users made from the template.'),
  expireDuration: durationSchema('How long users made from the template last; 0 for no expiry.'),
  usernamePrefix: affix('prefix'),
  usernameSuffix: affix('suffix'),
  inbounds: {
    type: 'object',
    description: 'Inbound tags per protocol; {} means all inbounds.',
    properties: Object.fromEntries(PROTOCOLS.map((p) => [p, { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true }])),
    additionalProperties: false,
  },
});

function normalize(spec: Spec): Spec {
  const out: Spec = { ...spec };
  if (spec.dataLimit !== undefined) out.dataLimit = parseBytes(spec.dataLimit);
  if (spec.expireDuration !== undefined) out.expireDuration = parseDurationSeconds(spec.expireDuration);
  if (spec.inbounds !== undefined) out.inbounds = sortTags(spec.inbounds as Record<string, string[]>);
  return out;
}

function observe(t: WireTemplate): ObservedObject {
  return {
    kind: 'UserTemplate',
    key: t.name,
    id: t.id,
    spec: {
      dataLimit: t.data_limit ?? 0,
      expireDuration: t.expire_duration ?? 0,
      usernamePrefix: t.username_prefix,
      usernameSuffix: t.username_suffix,
      inbounds: sortTags(t.inbounds ?? {}),
    },
  };
}

function body(name: string, spec: Spec, only?: ReadonlySet<string>): Record<string, unknown> {
  const wire: Record<string, unknown> = { name };
  const want = (field: string) => spec[field] !== undefined && (!only || only.has(field));
  if (want('dataLimit')) wire.data_limit = spec.dataLimit;
  if (want('expireDuration')) wire.expire_duration = spec.expireDuration;
  if (want('usernamePrefix')) wire.username_prefix = spec.usernamePrefix;
  if (want('usernameSuffix')) wire.username_suffix = spec.usernameSuffix;
  if (want('inbounds')) wire.inbounds = spec.inbounds;
  return wire;
}

/**
 * Tags must exist on the live panel: 0.8.4 answers 200 to a template naming an unknown tag
 * and drops it, so the change would be planned again forever (§15).
 */
function check(spec: Spec, _key: string, facts: PanelFacts | undefined): Array<[string, string]> {
  const known = facts?.inboundTags;
  if (!known) return [];
  const issues: Array<[string, string]> = [];
  for (const [protocol, tags] of Object.entries((spec.inbounds ?? {}) as Record<string, string[]>)) {
    for (const tag of tags) if (!known.has(tag)) issues.push([`/inbounds/${protocol}`, `inbound "${tag}" does not exist on the panel (known: ${[...known].join(', ')})`]);
  }
  return issues;
}

/**
 * On a fresh database the panel keeps only tags that some user or host write already
 * referenced, and answers 200 all the same (§14): the answer is compared with what was sent.
 */
function droppedTags(sent: Spec, answer: WireTemplate): string[] {
  const kept = new Set(Object.values(answer.inbounds ?? {}).flat());
  return Object.values((sent.inbounds ?? {}) as Record<string, string[]>).flat().filter((t) => !kept.has(t));
}

export const userTemplateHandler: KindHandler<MarzbanClient> = {
  descriptor: {
    kind: 'UserTemplate',
    apiVersion: API_VERSION,
    order: ORDER.UserTemplate,
    specSchema,
    nameSchema: { type: 'string', minLength: 1, maxLength: 64 },
    secretFields: [],
    normalize,
    check,
    exportSpec: exportTemplate,
  },
  list: async (client) => (await client.listTemplates()).map(observe),
  get: async (client, key) => {
    const found = (await client.listTemplates()).find((t) => t.name === key);
    return found && observe(found);
  },
  create: async (client, op) => {
    const spec = op.desired?.spec ?? {};
    const created = await client.createTemplate(body(op.key, spec));
    // A plain error (not a panel answer): the template exists, and the next run adopts it.
    const dropped = droppedTags(spec, created);
    if (dropped.length) throw new Error(`UserTemplate/${op.key}: created, but the panel dropped inbound tags ${dropped.join(', ')} (a fresh database keeps only tags a user or host already uses); apply again once one does`);
    return { id: created.id };
  },
  update: async (client, op) => {
    // PUT keeps what is null or omitted (§7): send only the changed fields.
    const changed = new Set(op.changes.map((c) => c.path.split('.')[0] ?? c.path));
    const spec = op.desired?.spec ?? {};
    const answer = await checkedWrite(op, client.updateTemplate(numericId(op), body(op.key, spec, changed)), (t) => ({ key: t.name, id: t.id }), { panel: client.panel });
    const dropped = changed.has('inbounds') ? droppedTags(spec, answer) : [];
    if (dropped.length) throw new Error(`UserTemplate/${op.key}: the panel dropped inbound tags ${dropped.join(', ')} (a fresh database keeps only tags a user or host already uses)`);
  },
  delete: async (client, op) => {
    await client.deleteTemplate(numericId(op));
  },
};
