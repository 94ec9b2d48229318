import type { KindHandler } from '../../kind-handler.ts';
import { liveKey } from '../../kind-handler.ts';
import { objectSchema } from '../../../manifest/schema-fragments.ts';
import type { ObservedObject, PanelFacts, Spec } from '../../types.ts';
import type { MarzbanClient } from '../client.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import { marzbanFacts } from '../facts.ts';
import { MISSING, missingMessage } from '../release.ts';
import type { WireHost } from '../wire.ts';
import { exportHosts } from './exports.ts';
import { compareHosts } from './hosts-compare.ts';
import { fromWire, hostSchema, toWire } from './hosts-fields.ts';

const specSchema = objectSchema({ hosts: { type: 'array', items: hostSchema, description: 'The hosts of this inbound, in order; [] removes them all.' } }, ['hosts']);

const observe = (tag: string, hosts: WireHost[]): ObservedObject => ({ kind: 'Hosts', key: tag, spec: { hosts: hosts.map(fromWire) } });

/** The key is an inbound tag that must exist on the panel; fields the release lacks are refused (§11, §13). */
function check(spec: Spec, key: string, facts: PanelFacts | undefined): Array<[string, string]> {
  const issues: Array<[string, string]> = [];
  if (facts?.inboundTags && !facts.inboundTags.has(key)) issues.push(['', `inbound "${key}" does not exist on the panel (known: ${[...facts.inboundTags].join(', ')})`]);
  const release = marzbanFacts(facts)?.release;
  if (!release) return issues;
  ((spec.hosts ?? []) as Spec[]).forEach((host, i) => {
    for (const field of MISSING[release].host) if (host[field] !== undefined) issues.push([`/hosts/${i}/${field}`, missingMessage(field, release)]);
    if (release === '0.4' && typeof host.alpn === 'string' && host.alpn.includes('h3')) issues.push([`/hosts/${i}/alpn`, 'Marzban 0.4.x has no h3 ALPN']);
  });
  return issues;
}

/**
 * PUT /api/hosts replaces only the listed tags (§9): one tag per request keeps the others
 * untouched. The tag's hosts are read again right before, so what the manifest leaves out
 * goes back exactly as the panel has it.
 */
async function putTag(client: MarzbanClient, tag: string, desired: Spec[]): Promise<void> {
  const live = (await client.hosts())[tag] ?? [];
  await client.putHosts({ [tag]: desired.map((h, i) => toWire(h, live[i])) as unknown as WireHost[] });
}

export const hostsHandler: KindHandler<MarzbanClient> = {
  descriptor: {
    kind: 'Hosts',
    apiVersion: API_VERSION,
    order: ORDER.Hosts,
    specSchema,
    nameSchema: { type: 'string', minLength: 1, description: 'The inbound tag.' },
    secretFields: [],
    implicit: true,
    check,
    compare: compareHosts,
    exportSpec: exportHosts,
  },
  list: async (client) => Object.entries(await client.hosts()).map(([tag, hosts]) => observe(tag, hosts)),
  get: async (client, key) => {
    const hosts = (await client.hosts())[key];
    return hosts && observe(key, hosts);
  },
  create: (client, op) => putTag(client, op.key, (op.desired?.spec.hosts ?? []) as Spec[]),
  update: (client, op) => putTag(client, liveKey(op), (op.desired?.spec.hosts ?? []) as Spec[]),
  // Hosts cannot be removed from an inbound's key; pruning empties the list.
  delete: async (client, op) => {
    await client.putHosts({ [liveKey(op)]: [] });
  },
};
