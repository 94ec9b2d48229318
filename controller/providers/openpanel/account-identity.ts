import { PanelError } from '../errors.ts';
import type { OpenPanelApi } from './client.ts';
import { SUSPENDED_PREFIX } from './constants.ts';
import type { WireAccountDetail } from './wire.ts';
import { exposureOf, exposureRefusal, readCensus } from './account-census.ts';

/**
 * What a read of one account name really found. OpenPanel finds an account for a read, an
 * unsuspend and a delete by `username = ? OR username LIKE 'SUSPENDED_%_<name>'`, unescaped
 * and `LIMIT 1` (openpanel.md §9): asking for `ob` can answer with a suspended `bob`.
 */
export type AccountRead =
  | { kind: 'found'; detail: WireAccountDetail; suspended: boolean }
  | { kind: 'absent' }
  /** The row that answered is another account's: whether `key` exists cannot be told. */
  | { kind: 'other'; owner: string };

/** How old the domain owners may be when a write is checked (the account itself is always read afresh). */
const OWNERS_MAX_AGE_MS = 10_000;

/** The account's own name in a stored username: without the suspension prefix, lower-cased. */
export const ownName = (stored: string): string => stored.replace(SUSPENDED_PREFIX, '').toLowerCase();

/**
 * Checks the identity of every account row read, and remembers every suspended account seen
 * (in account reads and as domain owners), so that a name another suspended name ends with is
 * known to be ambiguous. Writes to an ambiguous name are refused before anything is sent.
 */
export class AccountIdentity {
  /** Own names of the suspended accounts seen in this session. */
  private readonly suspended = new Set<string>();
  private ownersReadAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly api: OpenPanelApi,
    private readonly now: () => number = Date.now,
  ) {}

  private see(stored: string): void {
    if (SUSPENDED_PREFIX.test(stored)) this.suspended.add(ownName(stored));
  }

  async read(key: string): Promise<AccountRead> {
    const detail = await this.api.getAccount(key);
    if (!detail) return { kind: 'absent' };
    const stored = detail.user.username;
    this.see(stored);
    const owner = ownName(stored);
    if (owner !== key.toLowerCase()) return { kind: 'other', owner };
    return { kind: 'found', detail, suspended: SUSPENDED_PREFIX.test(stored) };
  }

  /**
   * Domain owners show suspended accounts the API cannot list otherwise (§3.1, §9). Read
   * again when the last reading is older than `maxAgeMs`, so a run of writes does not list
   * every domain once per write.
   */
  async learnFromDomains(maxAgeMs = 0): Promise<void> {
    if (this.now() - this.ownersReadAt <= maxAgeMs) return;
    for (const d of await this.api.listDomains()) this.see(d.username);
    this.ownersReadAt = this.now();
  }

  /** A suspended account, other than `key`, whose name ends with `key`: the panel matches it too. */
  shadowOf(key: string): string | undefined {
    const own = key.toLowerCase();
    for (const name of this.suspended) if (name !== own && name.endsWith(own)) return name;
    return undefined;
  }

  /**
   * Reads `key` afresh right before a write and refuses the write when the panel could apply
   * it to another account. Returns the fresh read for the write to use.
   */
  async beforeWrite(key: string, action: string): Promise<AccountRead> {
    await this.learnFromDomains(OWNERS_MAX_AGE_MS);
    const read = await this.read(key);
    const other = read.kind === 'other' ? read.owner : this.shadowOf(key);
    if (other !== undefined) throw this.refusal(key, action, other, read.kind === 'other');
    return read;
  }

  /**
   * Before a delete or an unsuspend: the account read afresh (as `beforeWrite`), then every
   * account on the panel taken from the census, and the write refused when the panel's own
   * patterns could reach another account, or when there is no census to tell (§10.9).
   */
  async beforeMatchingWrite(key: string, action: 'delete' | 'unsuspend'): Promise<AccountRead> {
    const read = await this.beforeWrite(key, `${action} it`);
    if (read.kind === 'absent') return read;
    const census = await readCensus(this.api);
    const exposure = census && (await exposureOf(census, key, (name) => this.read(name)));
    const refused = exposureRefusal(this.api.panel, key, action, exposure && (action === 'delete' ? exposure.byDelete : exposure.byUnsuspend));
    if (refused) throw refused;
    return read;
  }

  private refusal(key: string, action: string, other: string, answered: boolean): PanelError {
    const seen = answered ? `the panel answered a read of "${key}" with the suspended account "${other}"` : `the suspended account "${other}" ends with "${key}"`;
    return new PanelError(
      `refused to ${action}: ${seen}. OpenPanel matches account names against suspended accounts by an unescaped suffix, ` +
        `so an unsuspend or delete of "${key}" can rename or delete "${other}" instead (openpanel.md §9). Nothing was sent. ` +
        `Rename or remove one of the two accounts on the server (opencli), then run again.`,
      { panel: this.api.panel, subject: `Account/${key}`, retryable: false },
    );
  }
}
