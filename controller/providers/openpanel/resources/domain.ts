import { objectSchema } from '../../../manifest/schema-fragments.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { liveKey } from '../../kind-handler.ts';
import type { ObservedObject, Reference, Spec } from '../../types.ts';
import { ownName } from '../account-identity.ts';
import { compareDomain, suspendDomain } from './domain-suspension.ts';
import type { OpenPanelContext } from '../context.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { WireDomain } from '../wire.ts';

const specSchema = objectSchema(
  {
    account: { type: 'string', minLength: 1, description: 'The owning Account (must have a manifest).' },
    docroot: { type: 'string', pattern: '^/var/www/html/', description: 'Default /var/www/html/<domain>.' },
    suspended: { type: 'boolean', description: 'The panel never reports it: panelops compares with what it last applied.' },
  },
  ['account'],
);

// A suspended owner reads as SUSPENDED_<ts>_<owner> (§9): the owner is the account's own name.
const observe = (d: WireDomain): ObservedObject => ({ kind: 'Domain', key: d.domain_url, id: d.domain_id, spec: { account: ownName(d.username), docroot: d.docroot } });

/** The panel cannot add a domain to a suspended account (rc 1, §9): say so before sending. */
async function assertOwnerActive({ identity }: OpenPanelContext, domain: string, owner: string): Promise<void> {
  const read = await identity.read(owner);
  if (read.kind === 'found' && read.suspended) {
    throw new Error(`Domain/${domain}: its account ${owner} is suspended, and OpenPanel cannot add a domain to a suspended account. Set suspended: false on Account/${owner} (the domain is then added after the unsuspend), or add the domain later`);
  }
}

const defaultDocroot = (domain: string) => `/var/www/html/${domain}`;

export const domainHandler: KindHandler<OpenPanelContext> = {
  descriptor: {
    kind: 'Domain',
    apiVersion: API_VERSION,
    order: ORDER.Domain,
    specSchema,
    nameSchema: { type: 'string', pattern: '^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$', description: 'A lower-case domain name.' },
    secretFields: [],
    keyCaseInsensitive: true,
    writeOnlyFields: ['suspended'],
    compare: compareDomain,
    references: (spec: Spec): Reference[] => (typeof spec.account === 'string' ? [{ kind: 'Account', key: spec.account, field: 'account' }] : []),
    // openpanel.md §9: removing a domain also clears the owner account's mail links to it.
    deleteNote: (o) => `OpenPanel also removes the mail links of account ${String(o.spec.account ?? 'its owner')} that point at this domain`,
  },
  list: async ({ api }) => (await api.listDomains()).map(observe),
  get: async ({ api }, key) => {
    const found = (await api.listDomains()).find((d) => d.domain_url === key);
    return found && observe(found);
  },
  create: async (ctx, op) => {
    const { api } = ctx;
    const spec = op.desired?.spec ?? {};
    await assertOwnerActive(ctx, op.key, String(spec.account));
    await api.addDomain({ username: String(spec.account), domain: op.key, docroot: (spec.docroot as string | undefined) ?? defaultDocroot(op.key) });
    if (spec.suspended === true) await suspendDomain(api, op.key);
  },
  update: async ({ api }, op) => {
    const paths = op.changes.map((c) => c.path);
    const moved = paths.filter((p) => p === 'account' || p === 'docroot');
    if (moved.length) throw new Error(`Domain/${op.key}: OpenPanel cannot change ${moved.join(' or ')} of a domain; remove its manifest, apply, then add it back`);
    if (!paths.includes('suspended')) return;
    if (op.desired?.spec.suspended === true) await suspendDomain(api, liveKey(op));
    else await api.domainAction('unsuspend', liveKey(op));
  },
  delete: async ({ api }, op) => {
    await api.domainAction('delete', liveKey(op));
  },
};
