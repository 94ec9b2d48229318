import type { KindHandler } from '../../kind-handler.ts';
import { liveKey } from '../../kind-handler.ts';
import type { PanelFacts, Spec } from '../../types.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { XuiContext } from '../context.ts';
import { clientBatches } from './client-batches.ts';
import { compareClient } from './client-compare.ts';
import { exportClient } from './client-export.ts';
import { clientSpecSchema, EMAIL_PATTERN, normalizeClientSpec, observeClient } from './client-spec.ts';
import { updateClient } from './client-update.ts';
import { createBody } from './client-write.ts';

function check(spec: Spec, _key: string, facts: PanelFacts | undefined): Array<[string, string]> {
  const known = facts?.inboundTags;
  if (!known) return [];
  const issues: Array<[string, string]> = [];
  // The pointer names the list: tags were sorted when normalizing, so an index would mislead.
  for (const tag of (spec.inbounds ?? []) as string[]) {
    if (!known.has(tag)) issues.push(['/inbounds', `inbound tag "${tag}" does not exist on the panel (known: ${[...known].join(', ')})`]);
  }
  return issues;
}

export const clientHandler: KindHandler<XuiContext> = {
  descriptor: {
    kind: 'Client',
    apiVersion: API_VERSION,
    order: ORDER.Client,
    specSchema: clientSpecSchema,
    nameSchema: { type: 'string', minLength: 1, maxLength: 255, pattern: EMAIL_PATTERN, description: 'The client email: no slash, backslash or whitespace.' },
    secretFields: ['uuid', 'password'],
    membershipField: 'inbounds',
    normalize: normalizeClientSpec,
    check,
    compare: compareClient,
    exportSpec: exportClient,
  },
  // One GET clients/list answers everything (inbound ids and traffic included): cheaper than pages of 200.
  listsEverything: true,
  list: async (ctx) => {
    const now = Date.now();
    return ctx.api.mapClients((c) => observeClient(c, ctx.tagOf, now));
  },
  // The same list, read as a stream: only the row asked for is kept.
  get: async (ctx, key) => {
    const now = Date.now();
    return (await ctx.api.mapClients((c) => (c.email === key ? observeClient(c, ctx.tagOf, now) : undefined))).find((o) => o !== undefined);
  },
  create: async (ctx, op) => {
    const spec = op.desired?.spec ?? {};
    await ctx.api.addClient(createBody(op.key, spec, op.desired?.secrets ?? {}), ctx.idsOf((spec.inbounds ?? []) as string[]));
    if (spec.enable === false) await ctx.api.bulkDisable([op.key]);
  },
  update: updateClient,
  delete: async (ctx, op) => {
    await ctx.api.deleteClient(liveKey(op));
  },
  attach: async (ctx, op) => {
    await ctx.api.attach(liveKey(op), ctx.idsOf(op.members ?? []));
  },
  detach: async (ctx, op) => {
    await ctx.api.detach(liveKey(op), ctx.idsOf(op.members ?? []));
  },
  batch: clientBatches,
};
