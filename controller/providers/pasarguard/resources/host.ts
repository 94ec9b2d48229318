import { objectSchema, stringEnum } from '../../../manifest/schema-fragments.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { numericId } from '../../kind-handler.ts';
import type { ObservedObject, PanelFacts, Spec } from '../../types.ts';
import type { PasarGuardClient } from '../client.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { WireHost } from '../wire.ts';
import { exportHost } from './exports.ts';

const names = (description: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description: `${description} A set: the panel keeps no order.` });
const ALPN_ORDER = ['h3', 'h2', 'http/1.1'];

const specSchema = objectSchema({
  inbound: { type: 'string', minLength: 1, description: 'The inbound tag the host serves.' },
  priority: { type: 'integer', description: 'Order among hosts (lower first).' },
  address: names('Addresses clients connect to.'),
  port: { type: 'integer', minimum: 1, maximum: 65535 },
  sni: names('SNI values.'),
  host: names('Host header values.'),
  path: { type: 'string' },
  security: stringEnum(['inbound_default', 'none', 'tls'], 'TLS setting (default inbound_default).'),
  alpn: { type: 'array', items: { type: 'string', enum: ALPN_ORDER }, uniqueItems: true },
  fingerprint: { type: 'string' },
  allowInsecure: { type: 'boolean' },
  disabled: { type: 'boolean' },
});

/** Wire field of each managed spec field; the rest of a host is carried back as read. */
const WIRE: Record<string, string> = {
  inbound: 'inbound_tag', priority: 'priority', address: 'address', port: 'port', sni: 'sni', host: 'host', path: 'path',
  security: 'security', alpn: 'alpn', fingerprint: 'fingerprint', allowInsecure: 'allowinsecure', disabled: 'is_disabled',
};
const SETS = ['address', 'sni', 'host'];

const sorted = (list: unknown): string[] => [...((list ?? []) as string[])].sort();
const alpnSorted = (list: unknown): string[] => [...((list ?? []) as string[])].sort((a, b) => ALPN_ORDER.indexOf(a) - ALPN_ORDER.indexOf(b));

function normalize(spec: Spec): Spec {
  const out: Spec = { ...spec };
  for (const f of SETS) if (spec[f] !== undefined) out[f] = sorted(spec[f]);
  if (spec.alpn !== undefined) out.alpn = alpnSorted(spec.alpn);
  return out;
}

/** Hosts are keyed by remark; another host of the same remark is noted, not managed (the lowest id holds it). */
function observeAll(hosts: readonly WireHost[]): ObservedObject[] {
  const byRemark = new Map<string, ObservedObject>();
  for (const h of [...hosts].sort((a, b) => a.id - b.id)) {
    const seen = byRemark.get(h.remark);
    if (seen) {
      seen.notes = [...(seen.notes ?? []), `another host on the panel has this remark (id ${h.id}); panelops manages id ${String(seen.id)} only`];
      continue;
    }
    byRemark.set(h.remark, {
      kind: 'Host',
      key: h.remark,
      id: h.id,
      spec: {
        inbound: h.inbound_tag,
        priority: h.priority,
        address: sorted(h.address),
        port: h.port,
        sni: sorted(h.sni),
        host: sorted(h.host),
        path: h.path,
        security: h.security,
        alpn: alpnSorted(h.alpn),
        fingerprint: h.fingerprint,
        allowInsecure: h.allowinsecure === true,
        disabled: h.is_disabled === true,
      },
    });
  }
  return [...byRemark.values()];
}

function check(spec: Spec, _key: string, facts: PanelFacts | undefined): Array<[string, string]> {
  const known = facts?.inboundTags;
  if (!known || typeof spec.inbound !== 'string' || known.has(spec.inbound)) return [];
  return [['/inbound', `inbound "${spec.inbound}" does not exist on the panel (known: ${[...known].join(', ')})`]];
}

/** Manifest fields over a wire host: what a create sends, and, over the live host, what a PUT sends. */
function withSpec(base: Record<string, unknown>, spec: Spec): Record<string, unknown> {
  const out = { ...base };
  for (const [field, wire] of Object.entries(WIRE)) if (spec[field] !== undefined) out[wire] = spec[field];
  return out;
}

export const hostHandler: KindHandler<PasarGuardClient> = {
  descriptor: {
    kind: 'Host',
    apiVersion: API_VERSION,
    order: ORDER.Host,
    specSchema: { ...specSchema, required: ['inbound', 'priority'] },
    nameSchema: { type: 'string', minLength: 1, maxLength: 256 },
    secretFields: [],
    normalize,
    check,
    exportSpec: exportHost,
  },
  list: async (client) => observeAll(await client.listHosts()),
  get: async (client, key) => observeAll(await client.listHosts()).find((h) => h.key === key),
  create: async (client, op) => {
    const created = await client.createHost(withSpec({ remark: op.key }, op.desired?.spec ?? {}));
    return { id: created.id };
  },
  update: async (client, op) => {
    // A host PUT replaces the host (§9): an omitted field takes its default and an omitted
    // inbound_tag detaches it. So the whole host goes back, as read right now, with the changes.
    const id = numericId(op);
    const live = (await client.listHosts()).find((h) => h.id === id);
    if (!live) throw new Error(`Host/${op.key} is gone from the panel`);
    // An empty list goes unsent: its default is the same empty list, and the panel stores a sent [] as null (observed for alpn).
    const rest = Object.fromEntries(Object.entries(live).filter(([k, v]) => k !== 'id' && !(Array.isArray(v) && v.length === 0)));
    await client.updateHost(id, withSpec(rest, op.desired?.spec ?? {}));
  },
  delete: async (client, op) => {
    await client.deleteHost(numericId(op));
  },
};
