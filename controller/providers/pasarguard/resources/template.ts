import { bytesSchema, durationSchema, objectSchema, stringEnum } from '../../../manifest/schema-fragments.ts';
import { parseBytes, parseDurationSeconds } from '../../../manifest/units.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { numericId } from '../../kind-handler.ts';
import type { ObservedObject, Reference, Spec } from '../../types.ts';
import type { PasarGuardClient } from '../client.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { WireTemplate } from '../wire.ts';
import { exportTemplate } from './exports.ts';
import { readLookups } from './lookups.ts';
import { RESET_STRATEGIES, SS_METHODS } from './user-spec.ts';
import { groupIds, type IdLookup } from './user-write.ts';

const affix = (what: string) => ({ type: 'string', pattern: '^[A-Za-z0-9\\-_@.]{1,20}$', description: `Username ${what} (1-20 username characters). Cannot be cleared once set.` });

const specSchema = objectSchema({
  dataLimit: bytesSchema('Quota of users made from the template.'),
  expireDuration: durationSchema('How long users made from the template last; 0 for no expiry.'),
  usernamePrefix: affix('prefix'),
  usernameSuffix: affix('suffix'),
  groups: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true, description: 'Groups given to users made from the template.' },
  status: stringEnum(['active', 'on_hold'], 'Status of users made from the template (on_hold needs expireDuration).'),
  dataLimitResetStrategy: stringEnum(RESET_STRATEGIES, 'When used traffic resets.'),
  resetUsages: { type: 'boolean', description: 'Whether applying the template resets used traffic.' },
  onHoldTimeout: durationSchema('With status on_hold: how long the hold lasts at most.'),
  hwidLimit: { type: 'integer', minimum: 0 },
  proxies: objectSchema({ shadowsocks: objectSchema({ method: stringEnum(SS_METHODS, 'Cipher of users made from the template.') }) }),
  disabled: { type: 'boolean' },
});

function normalize(spec: Spec): Spec {
  const out: Spec = { ...spec };
  if (spec.dataLimit !== undefined) out.dataLimit = parseBytes(spec.dataLimit);
  if (spec.expireDuration !== undefined) out.expireDuration = parseDurationSeconds(spec.expireDuration);
  if (spec.onHoldTimeout !== undefined) out.onHoldTimeout = parseDurationSeconds(spec.onHoldTimeout);
  if (Array.isArray(spec.groups)) out.groups = [...(spec.groups as string[])].sort();
  return out;
}

function observe(t: WireTemplate, groups: ReadonlyMap<number, string>): ObservedObject {
  return {
    kind: 'UserTemplate',
    key: t.name,
    id: t.id,
    spec: {
      dataLimit: t.data_limit ?? 0,
      expireDuration: t.expire_duration ?? 0,
      usernamePrefix: t.username_prefix,
      usernameSuffix: t.username_suffix,
      groups: t.group_ids.map((id) => groups.get(id) ?? `#${id}`).sort(),
      status: t.status,
      dataLimitResetStrategy: t.data_limit_reset_strategy,
      resetUsages: t.reset_usages === true,
      onHoldTimeout: t.on_hold_timeout ?? 0,
      hwidLimit: t.hwid_limit,
      proxies: { shadowsocks: { method: t.extra_settings?.method ?? 'chacha20-ietf-poly1305' } },
      disabled: t.is_disabled === true,
    },
  };
}

const references = (spec: Spec): Reference[] => ((spec.groups ?? []) as string[]).map((g) => ({ kind: 'Group', key: g, field: 'groups', mayBeLive: true }));

/**
 * The template as the panel should hold it: the live template (when there is one) with the
 * manifest's fields over it. Every field is sent, because a PUT resets an omitted reset
 * strategy to no_reset (§7, §15).
 */
function wholeTemplate(name: string, live: WireTemplate | undefined, spec: Spec, ids: IdLookup): Record<string, unknown> {
  const method = (spec.proxies as { shadowsocks?: { method?: string } } | undefined)?.shadowsocks?.method;
  const pick = <T>(field: string, wire: T): unknown => (spec[field] !== undefined ? spec[field] : wire);
  return {
    name,
    data_limit: pick('dataLimit', live?.data_limit ?? 0),
    expire_duration: pick('expireDuration', live?.expire_duration ?? 0),
    username_prefix: pick('usernamePrefix', live?.username_prefix ?? null),
    username_suffix: pick('usernameSuffix', live?.username_suffix ?? null),
    group_ids: spec.groups !== undefined ? groupIds(spec, ids) : live?.group_ids,
    status: pick('status', live?.status ?? 'active'),
    data_limit_reset_strategy: pick('dataLimitResetStrategy', live?.data_limit_reset_strategy ?? 'no_reset'),
    reset_usages: pick('resetUsages', live?.reset_usages ?? false),
    on_hold_timeout: pick('onHoldTimeout', live?.on_hold_timeout ?? null),
    hwid_limit: pick('hwidLimit', live?.hwid_limit ?? null),
    extra_settings: method ? { ...(live?.extra_settings ?? {}), method } : (live?.extra_settings ?? null),
    is_disabled: pick('disabled', live?.is_disabled ?? false),
  };
}

export const userTemplateHandler: KindHandler<PasarGuardClient> = {
  descriptor: {
    kind: 'UserTemplate',
    apiVersion: API_VERSION,
    order: ORDER.UserTemplate,
    specSchema: { ...specSchema, required: ['groups'] },
    nameSchema: { type: 'string', minLength: 1, maxLength: 64 },
    secretFields: [],
    normalize,
    references,
    exportSpec: exportTemplate,
  },
  list: async (client) => {
    const [templates, { names }] = await Promise.all([client.listTemplates(), readLookups(client)]);
    return templates.map((t) => observe(t, names.groups));
  },
  get: async (client, key) => {
    const [templates, { names }] = await Promise.all([client.listTemplates(), readLookups(client)]);
    const found = templates.find((t) => t.name === key);
    return found && observe(found, names.groups);
  },
  create: async (client, op) => {
    const { ids } = await readLookups(client);
    const created = await client.createTemplate(wholeTemplate(op.key, undefined, op.desired?.spec ?? {}, ids));
    return { id: created.id };
  },
  update: async (client, op) => {
    const id = numericId(op);
    const [templates, { ids }] = await Promise.all([client.listTemplates(), readLookups(client)]);
    const live = templates.find((t) => t.id === id);
    if (!live) throw new Error(`UserTemplate/${op.key} is gone from the panel`);
    await client.updateTemplate(id, wholeTemplate(live.name, live, op.desired?.spec ?? {}, ids));
  },
  delete: async (client, op) => {
    await client.deleteTemplate(numericId(op));
  },
};
