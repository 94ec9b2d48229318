import { createHash } from 'node:crypto';
import type { Clock } from '../kit/clock.ts';
import type { Rng } from '../kit/rng.ts';

/** OpenPanel's rows (openpanel.md §3-§5). */
export interface OpAccount {
  id: number;
  /** The stored name: `SUSPENDED_<ts>_<name>` while suspended (§3.3). */
  username: string;
  /** The name it was created with. */
  plain: string;
  email: string;
  salt: string;
  passwordHash: string;
  planId: number;
  registered: number;
  /** Created by a run whose password check failed after the Linux user existed (§3.2). */
  halfCreated: boolean;
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
  owner: string;
  suspended: boolean;
}

const hash = (salt: string, password: string) => createHash('sha256').update(`${salt}:${password}`).digest('hex');

export class OpenPanelState {
  /** Accounts by plain name. */
  readonly accounts = new Map<string, OpAccount>();
  readonly plans = new Map<number, OpPlan>();
  readonly domains = new Map<string, OpDomain>();
  private nextAccount = 1;
  private nextPlan = 1;
  private nextDomain = 1;

  constructor(
    readonly clock: Clock,
    readonly rng: Rng,
  ) {}

  isSuspended = (a: OpAccount): boolean => a.username.startsWith('SUSPENDED_');

  /** §3.3: the plain name, or a suspended row ending in `_<name>`, case-insensitively. */
  lookup(name: string): OpAccount | undefined {
    const lower = name.toLowerCase();
    const exact = this.accounts.get(lower);
    if (exact) return exact;
    for (const a of this.accounts.values()) if (a.username.toLowerCase().endsWith(`_${lower}`) && this.isSuspended(a)) return a;
    return undefined;
  }

  /** Exact stored name (PUT plan uses it, so a suspended account is not found, §3.5). */
  exact(name: string): OpAccount | undefined {
    for (const a of this.accounts.values()) if (a.username === name.toLowerCase()) return a;
    return undefined;
  }

  addAccount(plain: string, email: string, password: string, planId: number): OpAccount {
    const salt = this.rng.string(12);
    const account: OpAccount = { id: this.nextAccount++, username: plain, plain, email, salt, passwordHash: hash(salt, password), planId, registered: this.clock.now(), halfCreated: false };
    this.accounts.set(plain, account);
    return account;
  }

  setPassword(a: OpAccount, password: string): void {
    a.salt = this.rng.string(12);
    a.passwordHash = hash(a.salt, password);
  }

  /** For tests: whether an account's password is `password`. */
  checkPassword(name: string, password: string): boolean {
    const a = this.lookup(name);
    return a !== undefined && a.passwordHash === hash(a.salt, password);
  }

  planByName = (name: string): OpPlan | undefined => [...this.plans.values()].find((p) => p.name === name);

  addPlan(plan: Omit<OpPlan, 'id'>): OpPlan {
    const p = { ...plan, id: this.nextPlan++ };
    this.plans.set(p.id, p);
    return p;
  }

  addDomain(owner: string, domain: string, docroot: string): OpDomain {
    const d = { domain_id: this.nextDomain++, domain_url: domain, docroot, php_version: '8.3', owner, suspended: false };
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
