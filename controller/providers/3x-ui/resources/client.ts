import { keyIdentity } from '../../../contract/key-identity.ts';
import type { KindHandler } from '../../kind-handler.ts';
import type { ObservedObject, PanelFacts, Spec } from '../../types.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { XuiContext } from '../context.ts';
import { clientBatches } from './client-batches.ts';
import { compareClient } from './client-compare.ts';
import { exportClient } from './client-export.ts';
import { clientSpecSchema, EMAIL_PATTERN, normalizeClientSpec, observeClient } from './client-spec.ts';
import { updateClient } from './client-update.ts';
import { attachOne, createOne, deleteOne, detachOne } from './client-single.ts';

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

/**
 * Before v3.3.0 a Shadowsocks inbound's method is unknown until read (§12.3), and a client on
 * one next to a password inbound was observed as at risk. Only then are the methods read, and
 * those clients judged again.
 */
async function settleMethods(ctx: XuiContext, observed: ObservedObject[]): Promise<ObservedObject[]> {
  if (!observed.some((o) => o.spec.passwordAtRisk === true) || !(await ctx.learnMethods())) return observed;
  for (const o of observed) {
    if (o.spec.passwordAtRisk === true) o.spec.passwordAtRisk = ctx.traitsOf(ctx.knownIds(o.spec.inbounds as string[])).ss2022WithPassword;
  }
  return observed;
}

export const clientHandler: KindHandler<XuiContext> = {
  descriptor: {
    kind: 'Client',
    apiVersion: API_VERSION,
    order: ORDER.Client,
    specSchema: clientSpecSchema,
    nameSchema: { type: 'string', minLength: 1, maxLength: 255, pattern: EMAIL_PATTERN, description: 'The client email: no slash, backslash or whitespace.' },
    secretFields: ['uuid', 'password'],
    // Two emails differing only by case are one client to the panel's add (§4.3, §11).
    keyCaseInsensitive: true,
    // Last applied flow and expiry: the list's flow column can be stale (§11), and a
    // started delayed start is told from a changed duration by what was applied.
    recordedFields: ['flow', 'expiry'],
    // A delayed start seen at import is panelops' record of it: once begun it is a note (§12.11).
    recordedAtImport: ['expiry'],
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
    return settleMethods(ctx, await ctx.api.mapClients((c) => observeClient(c, ctx, now)));
  },
  // The same list, read as a stream: only the row asked for is kept. The panel folds case at add time (§4.3).
  get: async (ctx, key) => {
    const now = Date.now();
    const wanted = keyIdentity(key, true);
    const found = (await ctx.api.mapClients((c) => (keyIdentity(c.email, true) === wanted ? observeClient(c, ctx, now) : undefined))).find((o) => o !== undefined);
    return found && (await settleMethods(ctx, [found]))[0];
  },
  create: createOne,
  update: updateClient,
  delete: deleteOne,
  attach: attachOne,
  detach: detachOne,
  batch: clientBatches,
};
