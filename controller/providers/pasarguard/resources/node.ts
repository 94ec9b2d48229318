import { compareSpecs } from '../../../contract/compare-specs.ts';
import { bytesSchema, objectSchema, secretRefSchema, stringEnum } from '../../../manifest/schema-fragments.ts';
import { parseBytes } from '../../../manifest/units.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { numericId } from '../../kind-handler.ts';
import type { ObservedObject, Spec } from '../../types.ts';
import type { PasarGuardClient } from '../client.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { WireNode } from '../wire.ts';
import { exportNode } from './exports.ts';
import { RESET_STRATEGIES } from './user-spec.ts';

const specSchema = objectSchema({
  address: { type: 'string', minLength: 1, description: 'Host name or IP of the node.' },
  port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Default 62050.' },
  apiPort: { type: 'integer', minimum: 1, maximum: 65535, description: 'Default 62051.' },
  usageCoefficient: { type: 'number', exclusiveMinimum: 0, description: 'Traffic multiplier, default 1.' },
  connectionType: stringEnum(['grpc', 'rest'], 'How the panel talks to the node (default grpc).'),
  keepAlive: { type: 'integer', minimum: 0, description: 'Seconds (default 60).' },
  coreConfigId: { type: 'integer', minimum: 1, description: 'The core config the node runs (default 1).' },
  dataLimit: bytesSchema('Traffic the node may carry.'),
  dataLimitResetStrategy: stringEnum(RESET_STRATEGIES, 'When the node\'s traffic resets.'),
  disabled: { type: 'boolean', description: 'A disabled node stays disabled until the manifest says otherwise.' },
  apiKey: secretRefSchema('The node\'s shared secret (a UUID); required to create the node. The panel answers it in clear: panelops never shows or stores it.'),
  serverCa: secretRefSchema('The node\'s PEM certificate; required to create the node.'),
});

/**
 * A node in canonical shape. `api_key` and `server_ca` are left out: the panel answers the
 * key in clear (§10), and a secret is compared only through the hash of what was last applied.
 */
function observe(n: WireNode): ObservedObject {
  const notes = n.status === 'error' && n.message ? [`node reports an error: ${n.message}`] : [];
  return {
    kind: 'Node',
    key: n.name,
    id: n.id,
    spec: {
      address: n.address,
      port: n.port,
      apiPort: n.api_port,
      usageCoefficient: n.usage_coefficient,
      connectionType: n.connection_type,
      keepAlive: n.keep_alive,
      coreConfigId: n.core_config_id,
      dataLimit: n.data_limit ?? 0,
      dataLimitResetStrategy: n.data_limit_reset_strategy,
      disabled: n.status === 'disabled',
    },
    ...(notes.length ? { notes } : {}),
  };
}

const compare = (desired: Spec, observed: ObservedObject) => ({ changes: compareSpecs(desired, observed.spec), notes: observed.notes ?? [] });

function normalize(spec: Spec): Spec {
  return spec.dataLimit === undefined ? spec : { ...spec, dataLimit: parseBytes(spec.dataLimit) };
}

/**
 * The body of a node PUT. `api_port` is not nullable there: an omitted one resets to 62051
 * (§10), so it is always sent, as read unless the manifest changes it. A disabled node stays
 * disabled without a status; enabling one sends any other status (the panel reconnects it).
 */
function putBody(spec: Spec, live: Spec, changed: ReadonlySet<string>, secrets: Readonly<Record<string, string>>): Record<string, unknown> {
  const body: Record<string, unknown> = { api_port: changed.has('apiPort') ? spec.apiPort : live.apiPort };
  const fields: Array<[string, string]> = [
    ['address', 'address'], ['port', 'port'], ['usageCoefficient', 'usage_coefficient'], ['connectionType', 'connection_type'],
    ['keepAlive', 'keep_alive'], ['coreConfigId', 'core_config_id'], ['dataLimit', 'data_limit'], ['dataLimitResetStrategy', 'data_limit_reset_strategy'],
  ];
  for (const [field, wire] of fields) if (changed.has(field)) body[wire] = spec[field];
  if (changed.has('apiKey')) body.api_key = secrets.apiKey;
  if (changed.has('serverCa')) body.server_ca = secrets.serverCa;
  if (changed.has('disabled')) body.status = spec.disabled === true ? 'disabled' : 'connecting';
  return body;
}

export const nodeHandler: KindHandler<PasarGuardClient> = {
  descriptor: {
    kind: 'Node',
    apiVersion: API_VERSION,
    order: ORDER.Node,
    specSchema: { ...specSchema, required: ['address'] },
    nameSchema: { type: 'string', minLength: 1, maxLength: 256 },
    secretFields: ['apiKey', 'serverCa'],
    normalize,
    compare,
    exportSpec: exportNode,
  },
  list: async (client) => (await client.listNodes()).map(observe),
  get: async (client, key) => {
    const found = (await client.listNodes()).find((n) => n.name === key);
    return found && observe(found);
  },
  create: async (client, op) => {
    const secrets = op.desired?.secrets ?? {};
    if (!secrets.apiKey || !secrets.serverCa) throw new Error(`Node/${op.key}: spec.apiKey and spec.serverCa are required to create a node`);
    const spec = op.desired?.spec ?? {};
    const created = await client.createNode({
      name: op.key,
      address: spec.address,
      port: spec.port ?? 62050,
      api_port: spec.apiPort ?? 62051,
      usage_coefficient: spec.usageCoefficient ?? 1,
      connection_type: spec.connectionType ?? 'grpc',
      keep_alive: spec.keepAlive ?? 60,
      core_config_id: spec.coreConfigId ?? 1,
      api_key: secrets.apiKey,
      server_ca: secrets.serverCa,
      ...(spec.dataLimit !== undefined ? { data_limit: spec.dataLimit } : {}),
      ...(spec.dataLimitResetStrategy !== undefined ? { data_limit_reset_strategy: spec.dataLimitResetStrategy } : {}),
    });
    if (spec.disabled === true) await client.updateNode(created.id, { api_port: created.api_port, status: 'disabled' });
    return { id: created.id };
  },
  update: async (client, op) => {
    const changed = new Set(op.changes.map((c) => c.path));
    await client.updateNode(numericId(op), putBody(op.desired?.spec ?? {}, op.observed?.spec ?? {}, changed, op.desired?.secrets ?? {}));
  },
  delete: async (client, op) => {
    await client.deleteNode(numericId(op));
  },
};
