import { createHash } from 'node:crypto';
import type { Clock } from '../kit/clock.ts';
import type { Rng } from '../kit/rng.ts';
import { readMatches, readPick, unsuspendMatches } from './account-sql.ts';

/** OpenPanel's rows (openpanel.md §3-§5). */
export interface OpAccount {
  id: number;
  /** The stored name: `SUSPENDED_<ts>_<name>` while suspended (§3.3). */
  username: string;
  /** The stored name without the suspension prefix. */
  plain: string;
  email: string;
  salt: string;
  passwordHash: string;
  planId: number;
  registered: number;
  /** The Linux user and home of the account, named at creation: a row renamed by an unsuspend keeps it (§10.7). */
  context: string;
}

export interface OpPlan {
  id: number;
  name: string;
  description: string;
  domains_limit: number;
  websites_limit: number;
  email_limit: number;
  ftp_limit: number;
  disk_limit: string;
  inodes_limit: number;
  db_limit: number;
  cpu: string;
  ram: string;
  bandwidth: number;
  feature_set: string;
  max_email_quota: string;
  max_hourly_email: number;
}

export interface OpDomain {
  domain_id: number;
  domain_url: string;
  docroot: string;
  php_version: string;
  /** The owning row's id: the domain follows its account through renames. */
  ownerId: number;
  /** What the web server serves: the site, or the suspended page (§9: not what rc 0 says). */
  serving: 'site' | 'suspended-page';
  /** A saved copy of the live vhost, left behind by every suspend and never removed (§9). */
  savedVhost: boolean;
}

const hash = (salt: string, password: string) => createHash('sha256').update(`${salt}:${password}`).digest('hex');
const SUSPENDED = /^SUSPENDED_\d{14}_/;

export class OpenPanelState {
  /** Account rows by id, in insertion order (the order an unordered `LIMIT 1` meets them). */
  readonly accounts = new Map<number, OpAccount>();
  readonly plans = new Map<number, OpPlan>();
  readonly domains = new Map<string, OpDomain>();
  /** Linux users by name: every account has one, and so does a create that failed after `useradd` (§9). */
  readonly linuxUsers = new Set<string>();
  private nextAccount = 1;
  private nextDomain = 1;
  private nextPlan = 1;

  constructor(
    readonly clock: Clock,
    readonly rng: Rng,
  ) {}

  isSuspended = (a: OpAccount): boolean => a.username.startsWith('SUSPENDED_');

  /** The read and delete lookup `username = ? OR username LIKE 'SUSPENDED_%_<u>'` (§10.1): every matching row, by id. */
  matching(name: string): OpAccount[] {
    const { byLowerName, suspendedLike } = this.indexed();
    return readMatches(byLowerName.get(name.toLowerCase()) ?? [], suspendedLike, name);
  }

  /** Suspended rows the unsuspend of `name` renames (§10.6). */
  unsuspendRows = (name: string): OpAccount[] => unsuspendMatches(this.indexed().suspendedLike, name);

  /**
   * Rows by lower-cased stored name, and those whose name starts with `suspended` (the only
   * ones the LIKE patterns can match), rebuilt after a change: a bench of 10,000 reads over
   * 10,000 rows then measures panelops, not a scan per read.
   */
  private index: { byLowerName: Map<string, OpAccount[]>; suspendedLike: OpAccount[] } | undefined;

  private indexed(): NonNullable<OpenPanelState['index']> {
    if (!this.index) {
      const byLowerName = new Map<string, OpAccount[]>();
      const suspendedLike: OpAccount[] = [];
      for (const a of this.accounts.values()) {
        const lower = a.username.toLowerCase();
        const same = byLowerName.get(lower);
        if (same) same.push(a);
        else byLowerName.set(lower, [a]);
        if (lower.startsWith('suspended')) suspendedLike.push(a);
      }
      this.index = { byLowerName, suspendedLike };
    }
    return this.index;
  }

  /** The row GET /api/users/{u} answers with: `LIMIT 1` in name order (§10.2), maybe another account's. */
  lookup = (name: string): OpAccount | undefined => readPick(this.matching(name));

  /** Exact stored name (suspend, password and plan changes use it, §3.4-§3.5, §9). */
  exact = (name: string): OpAccount | undefined => this.indexed().byLowerName.get(name.toLowerCase())?.[0];

  /** For tests and seeds: the account whose own name is `name`, suspended or not. */
  byName(name: string): OpAccount | undefined {
    const lower = name.toLowerCase();
    for (const a of this.accounts.values()) if (a.plain === lower) return a;
    return undefined;
  }

  /** The create-time "taken" check is escaped (§9): an exact row, or a suspended row of exactly that name. */
  taken = (name: string): boolean => this.byName(name) !== undefined;

  addAccount(plain: string, email: string, password: string, planId: number): OpAccount {
    const salt = this.rng.string(12);
    const account: OpAccount = { id: this.nextAccount++, username: plain, plain, email, salt, passwordHash: hash(salt, password), planId, registered: this.clock.now(), context: plain };
    this.accounts.set(account.id, account);
    this.index = undefined;
    this.linuxUsers.add(plain);
    return account;
  }

  /** Renames a row to `name` (an unsuspend writes the requested name, whoever the row was). */
  rename(a: OpAccount, name: string): void {
    a.username = name;
    a.plain = name.replace(SUSPENDED, '');
    this.index = undefined;
  }

  /** The whole account: row, domains, home and Linux user. */
  deleteAccount(a: OpAccount): void {
    this.deleteDomainsOf(a);
    this.deleteRow(a);
    this.linuxUsers.delete(a.context);
  }

  deleteDomainsOf(a: OpAccount): void {
    for (const d of this.domainsOf(a)) this.domains.delete(d.domain_url);
  }

  /** The users row only: the home and Linux user stay (§10.5). */
  deleteRow(a: OpAccount): void {
    this.accounts.delete(a.id);
    this.index = undefined;
  }

  domainsOf = (a: OpAccount): OpDomain[] => [...this.domains.values()].filter((d) => d.ownerId === a.id);

  setPassword(a: OpAccount, password: string): void {
    a.salt = this.rng.string(12);
    a.passwordHash = hash(a.salt, password);
  }

  /** A Linux user with no account row: what a create that failed its password check leaves (§9). */
  halfCreated = (name: string): boolean => this.linuxUsers.has(name.toLowerCase()) && !this.byName(name);

  /** For tests: whether an account's password is `password`. */
  checkPassword(name: string, password: string): boolean {
    const a = this.byName(name);
    return a !== undefined && a.passwordHash === hash(a.salt, password);
  }

  /** Plan names are matched case-insensitively (§9). */
  planByName = (name: string): OpPlan | undefined => [...this.plans.values()].find((p) => p.name.toLowerCase() === name.toLowerCase());

  addPlan(plan: Omit<OpPlan, 'id'>): OpPlan {
    const p = { ...plan, id: this.nextPlan++ };
    this.plans.set(p.id, p);
    return p;
  }

  /** A domain of `owner` (a row, or an account's own name, for seeds). */
  addDomain(owner: OpAccount | string, domain: string, docroot: string): OpDomain {
    const row = typeof owner === 'string' ? this.byName(owner) : owner;
    if (!row) throw new Error(`no account ${String(owner)} to own ${domain}`);
    const d: OpDomain = { domain_id: this.nextDomain++, domain_url: domain, docroot, php_version: '8.3', ownerId: row.id, serving: 'site', savedVhost: false };
    this.domains.set(domain, d);
    return d;
  }

  /** `SUSPENDED_<yyyymmddHHMMSS>_` from the clock (§3.3). */
  suspendedPrefix(): string {
    const d = new Date(this.clock.now());
    const p = (n: number) => String(n).padStart(2, '0');
    return `SUSPENDED_${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}_`;
  }
}
