import { objectSchema } from '../../../manifest/schema-fragments.ts';
import { checkedWrite } from '../../identity.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { numericId } from '../../kind-handler.ts';
import type { ObservedObject, Spec } from '../../types.ts';
import type { MarzbanClient } from '../client.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { WireNode } from '../wire.ts';
import { compareSpecs } from '../../../contract/compare-specs.ts';

const specSchema = objectSchema({
  address: { type: 'string', minLength: 1, description: 'Host name or IP of the node.' },
  port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Default 62050.' },
  apiPort: { type: 'integer', minimum: 1, maximum: 65535, description: 'Default 62051.' },
  usageCoefficient: { type: 'number', exclusiveMinimum: 0, description: 'Traffic multiplier, default 1.' },
  disabled: { type: 'boolean', description: 'A disabled node stays disabled until the manifest says otherwise.' },
  addAsNewHost: {
    type: 'boolean',
    description: 'Create only: append a host for this node to every inbound. Default false (the panel defaults to true, which edits every inbound).',
  },
});

const DEFAULTS: Spec = { port: 62050, apiPort: 62051, usageCoefficient: 1, disabled: false };

function observe(n: WireNode): ObservedObject {
  const notes = n.status === 'error' && n.message ? [`node reports an error: ${n.message}`] : [];
  return {
    kind: 'Node',
    key: n.name,
    id: n.id,
    spec: { address: n.address, port: n.port, apiPort: n.api_port, usageCoefficient: n.usage_coefficient, disabled: n.status === 'disabled' },
    ...(notes.length ? { notes } : {}),
  };
}

/** addAsNewHost only matters on create; it is never a difference. */
const compare = (desired: Spec, observed: ObservedObject) => ({
  changes: compareSpecs(desired, observed.spec, new Set(['addAsNewHost'])),
  notes: observed.notes ?? [],
});


/**
 * PUT without status "disabled" reconnects the node (marzban.md §8), so every PUT states
 * the status the node must keep: disabled when the manifest says so, or when it says
 * nothing and the node is disabled now.
 */
function putBody(spec: Spec, liveDisabled: boolean, changed: ReadonlySet<string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (changed.has('address')) body.address = spec.address;
  if (changed.has('port')) body.port = spec.port;
  if (changed.has('apiPort')) body.api_port = spec.apiPort;
  if (changed.has('usageCoefficient')) body.usage_coefficient = spec.usageCoefficient;
  const disabled = spec.disabled === undefined ? liveDisabled : spec.disabled === true;
  if (disabled) body.status = 'disabled';
  return body;
}

export const nodeHandler: KindHandler<MarzbanClient> = {
  descriptor: {
    kind: 'Node',
    apiVersion: API_VERSION,
    order: ORDER.Node,
    specSchema: { ...specSchema, required: ['address'] },
    nameSchema: { type: 'string', minLength: 1, maxLength: 256 },
    secretFields: [],
    keyCaseInsensitive: true,
    compare,
  },
  list: async (client) => (await client.listNodes()).map(observe),
  get: async (client, key) => {
    const found = (await client.listNodes()).find((n) => n.name.toLowerCase() === key.toLowerCase());
    return found && observe(found);
  },
  create: async (client, op) => {
    const spec = { ...DEFAULTS, ...(op.desired?.spec ?? {}) };
    const created = await client.createNode({
      name: op.key,
      address: spec.address,
      port: spec.port,
      api_port: spec.apiPort,
      add_as_new_host: spec.addAsNewHost === true,
    });
    // usage_coefficient is ignored on create (§8), and create cannot disable: one follow-up PUT.
    const followUp = new Set<string>();
    if (spec.usageCoefficient !== 1) followUp.add('usageCoefficient');
    if (followUp.size || spec.disabled === true) await client.updateNode(created.id, putBody(spec, false, followUp));
    return { id: created.id };
  },
  update: async (client, op) => {
    const changed = new Set(op.changes.map((c) => c.path));
    const answer = client.updateNode(numericId(op), putBody(op.desired?.spec ?? {}, op.observed?.spec.disabled === true, changed));
    // Node names are unique whatever their case (§8).
    await checkedWrite(op, answer, (n) => ({ key: n.name, id: n.id }), { panel: client.panel, caseInsensitive: true });
  },
  delete: async (client, op) => {
    await client.deleteNode(numericId(op));
  },
};
