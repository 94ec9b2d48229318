import { objectSchema } from '../../../manifest/schema-fragments.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { numericId } from '../../kind-handler.ts';
import type { ObservedObject, Spec } from '../../types.ts';
import type { OpenPanelContext } from '../context.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { WirePlan } from '../wire.ts';

const count = (description: string) => ({ type: 'integer', minimum: 0, description });

const specSchema = objectSchema({
  description: { type: 'string' },
  domainsLimit: count('Domains; 0 = unlimited.'),
  websitesLimit: count('Websites; 0 = unlimited.'),
  emailLimit: count('Mailboxes.'),
  ftpLimit: count('FTP accounts.'),
  diskLimitGB: count('Disk in GB.'),
  inodesLimit: count('Inodes.'),
  dbLimit: count('Databases.'),
  cpu: { type: 'number', exclusiveMinimum: 0, description: 'CPU cores.' },
  ramGB: { type: 'number', exclusiveMinimum: 0, description: 'Memory in GB.' },
  bandwidth: count('Port speed in Mbit/s.'),
  featureSet: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' },
});

/** The panel's defaults for omitted fields (openpanel.md §4), so a create sends every field explicitly. */
const DEFAULTS: Spec = {
  description: '', domainsLimit: 0, websitesLimit: 0, emailLimit: 0, ftpLimit: 0, diskLimitGB: 0, inodesLimit: 0, dbLimit: 0, cpu: 1, ramGB: 1, bandwidth: 100, featureSet: 'default',
};

/** "10 GB" → 10, "1g" → 1, "2" → 2. */
const num = (v: number | string | undefined): number => (typeof v === 'number' ? v : Number.parseFloat(String(v ?? '0')) || 0);

function observe(p: WirePlan): ObservedObject {
  return {
    kind: 'Plan',
    key: p.name,
    id: p.id,
    spec: {
      description: p.description, domainsLimit: num(p.domains_limit), websitesLimit: num(p.websites_limit), emailLimit: num(p.email_limit),
      ftpLimit: num(p.ftp_limit), diskLimitGB: num(p.disk_limit), inodesLimit: num(p.inodes_limit), dbLimit: num(p.db_limit),
      cpu: num(p.cpu), ramGB: num(p.ram), bandwidth: num(p.bandwidth), featureSet: p.feature_set,
    },
  };
}

function wire(name: string, s: Spec): Record<string, unknown> {
  return {
    name, description: s.description, domains_limit: s.domainsLimit, websites_limit: s.websitesLimit, email_limit: s.emailLimit, ftp_limit: s.ftpLimit,
    disk_limit: s.diskLimitGB, inodes_limit: s.inodesLimit, db_limit: s.dbLimit, cpu: s.cpu, ram: s.ramGB, bandwidth: s.bandwidth, feature_set: s.featureSet,
  };
}


export const planHandler: KindHandler<OpenPanelContext> = {
  descriptor: {
    kind: 'Plan',
    apiVersion: API_VERSION,
    order: ORDER.Plan,
    specSchema,
    nameSchema: { type: 'string', pattern: '^[a-zA-Z0-9_. -]+$', maxLength: 255 },
    secretFields: [],
  },
  list: async ({ api }) => (await api.listPlans()).map(observe),
  get: async ({ api }, key) => {
    const found = (await api.listPlans()).find((p) => p.name === key);
    return found && observe(found);
  },
  create: async ({ api }, op) => {
    await api.createPlan(wire(op.key, { ...DEFAULTS, ...(op.desired?.spec ?? {}) }));
  },
  // PUT replaces the whole plan (§4): live values under the manifest's, never the panel's defaults.
  update: async ({ api }, op) => {
    await api.replacePlan(numericId(op), wire(op.key, { ...(op.observed?.spec ?? {}), ...(op.desired?.spec ?? {}) }));
  },
  // DELETE by id answers success and deletes nothing on current panels (§4): verify, and say so.
  delete: async ({ api }, op) => {
    await api.deletePlan(numericId(op));
    if ((await api.listPlans()).some((p) => p.id === op.observed?.id)) {
      throw new Error(`Plan/${op.key}: the panel reported the delete as done, but the plan is still there (OpenPanel deletes plans by name; run "opencli plan-delete ${op.key}" on the server)`);
    }
  },
};
