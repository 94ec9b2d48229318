import { objectSchema } from '../../../manifest/schema-fragments.ts';
import type { ObservedObject, Spec } from '../../types.ts';
import type { WirePlan } from '../wire.ts';

const count = (description: string) => ({ type: 'integer', minimum: 0, description });

/** Every field of a plan row (openpanel.md §4): the panel replaces the whole plan on update. */
export const planSpecSchema = objectSchema({
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
  maxEmailQuota: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?[BkMGT]?$', description: 'Largest mailbox: a number with B, k, M, G or T (G when left out); "0" = unlimited.' },
  maxHourlyEmail: count('E-mails an account may send per hour; 0 = unlimited.'),
});

/** A quota as the panel stores it: the number and its unit, G when none is given. */
const quota = (v: unknown): string => {
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*([BkMGT]?)$/.exec(String(v ?? '0').trim());
  return m ? `${Number(m[1])}${m[2] || 'G'}` : String(v);
};

export function normalizePlan(spec: Spec): Spec {
  return spec.maxEmailQuota === undefined ? spec : { ...spec, maxEmailQuota: quota(spec.maxEmailQuota) };
}

/** The panel's defaults for omitted fields (§4), so a create sends every field explicitly. */
export const PLAN_DEFAULTS: Spec = {
  description: '', domainsLimit: 0, websitesLimit: 0, emailLimit: 0, ftpLimit: 0, diskLimitGB: 0, inodesLimit: 0, dbLimit: 0, cpu: 1, ramGB: 1, bandwidth: 100, featureSet: 'default',
  maxEmailQuota: '0G', maxHourlyEmail: 0,
};

/** "10 GB" → 10, "1g" → 1, "2" → 2. */
const num = (v: number | string | undefined): number => (typeof v === 'number' ? v : Number.parseFloat(String(v ?? '0')) || 0);

export function observePlan(p: WirePlan): ObservedObject {
  return {
    kind: 'Plan',
    key: p.name,
    id: p.id,
    spec: {
      description: p.description, domainsLimit: num(p.domains_limit), websitesLimit: num(p.websites_limit), emailLimit: num(p.email_limit),
      ftpLimit: num(p.ftp_limit), diskLimitGB: num(p.disk_limit), inodesLimit: num(p.inodes_limit), dbLimit: num(p.db_limit),
      cpu: num(p.cpu), ramGB: num(p.ram), bandwidth: num(p.bandwidth), featureSet: p.feature_set,
      maxEmailQuota: quota(p.max_email_quota), maxHourlyEmail: num(p.max_hourly_email),
    },
  };
}

/** Manifest fields as the panel's body; fields the spec leaves out are left out. */
export function planWire(name: string, s: Spec): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name, description: s.description, domains_limit: s.domainsLimit, websites_limit: s.websitesLimit, email_limit: s.emailLimit, ftp_limit: s.ftpLimit,
    disk_limit: s.diskLimitGB, inodes_limit: s.inodesLimit, db_limit: s.dbLimit, cpu: s.cpu, ram: s.ramGB, bandwidth: s.bandwidth, feature_set: s.featureSet,
    max_email_quota: s.maxEmailQuota, max_hourly_email: s.maxHourlyEmail,
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

/**
 * The body of a plan update: every field of the row as just read, the manifest's over it.
 * The panel replaces the whole plan and resets whatever is not sent (§9), including fields
 * panelops does not model.
 */
export function replacementBody(live: WirePlan, name: string, desired: Spec): Record<string, unknown> {
  const { id: _id, ...row } = live;
  return { ...row, disk_limit: num(live.disk_limit), ram: num(live.ram), cpu: num(live.cpu), ...planWire(name, desired) };
}
