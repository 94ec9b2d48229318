import { PanelError } from '../errors.ts';
import type { AccountRead } from './account-identity.ts';
import type { OpenPanelApi } from './client.ts';

/**
 * Every account on the panel, from the disk-usage report (openpanel.md §10.9): the only
 * answer that names a suspended account owning no domain, each under its plain name.
 *
 * A delete of `X` matches `X` and every row `LIKE 'SUSPENDED_%_X'`, unescaped and in any
 * case: each suspended account whose name ends in `X`, and each account, active or not, named
 * `suspended` + two or more characters + `X` (§10.1, §10.5). An unsuspend matches only the
 * suspended ones (§10.6, §10.7). Whoever matches can lose a home, a Linux user or a name.
 */
export class AccountCensus {
  private readonly bySuffix = new Map<string, string[]>();

  constructor(readonly names: readonly string[]) {
    for (const name of names) {
      // Usernames are at most 20 characters: at most 20 suffixes each, so a lookup is one Map get.
      for (let i = 1; i < name.length; i++) {
        const suffix = name.slice(i);
        const list = this.bySuffix.get(suffix);
        if (list) list.push(name);
        else this.bySuffix.set(suffix, [name]);
      }
    }
  }

  /** Other accounts whose name ends in `key`: the only ones the panel's patterns can reach. */
  candidates = (key: string): readonly string[] => this.bySuffix.get(key.toLowerCase()) ?? [];
}

/** Reads the census; undefined when the panel gives none (route missing, quotas off, an empty or malformed report). */
export async function readCensus(api: OpenPanelApi): Promise<AccountCensus | undefined> {
  const report = await api.diskUsage();
  // Every entry is an object of figures: `{"message": "API is working!"}`, the answer of an
  // unknown GET route (§9), is no census.
  if (report === undefined || !Object.values(report).every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) return undefined;
  const names = Object.keys(report).map((n) => n.toLowerCase());
  return names.length > 0 ? new AccountCensus(names) : undefined;
}

/** The accounts a write to one name could reach, each with why. */
export interface Exposure {
  byDelete: string[];
  byUnsuspend: string[];
}

const wildcardForm = (key: string) => new RegExp(`^suspended.{2,}${key.toLowerCase()}$`);

/**
 * Who else a delete or an unsuspend of `key` could hit. Only the census names ending in `key`
 * are read (`readOf`, usually memoised by the caller): never a read per account.
 */
export async function exposureOf(census: AccountCensus, key: string, readOf: (name: string) => Promise<AccountRead>): Promise<Exposure> {
  const out: Exposure = { byDelete: [], byUnsuspend: [] };
  const wildcard = wildcardForm(key);
  for (const name of census.candidates(key)) {
    const read = await readOf(name);
    const suspended = read.kind === 'found' && read.suspended;
    // A read answered with another account's row says nothing: it could be suspended.
    const unclear = read.kind === 'other';
    if (suspended || unclear) {
      const why = suspended ? `${name} (suspended)` : `${name} (its own row could not be read)`;
      out.byDelete.push(why);
      out.byUnsuspend.push(why);
    } else if (wildcard.test(name)) out.byDelete.push(`${name} (its name is "suspended" + characters + "${key}")`);
  }
  return out;
}

/** The refusal of a delete or an unsuspend that could reach other accounts, or that cannot be checked. */
export function exposureRefusal(panel: string, key: string, action: 'delete' | 'unsuspend', hits: readonly string[] | undefined): PanelError | undefined {
  const reason = exposureReason(key, action, hits);
  return reason ? new PanelError(`refused to ${action} it: ${reason}. Nothing was sent`, { panel, subject: `Account/${key}`, retryable: false }) : undefined;
}

/** Why a delete or an unsuspend of `key` is refused (undefined: it is not); `hits` undefined means no census. */
export function exposureReason(key: string, action: 'delete' | 'unsuspend', hits: readonly string[] | undefined): string | undefined {
  if (hits === undefined) {
    return `OpenPanel's account census (GET /api/usage/disk) is not available (disk quotas off, or an empty report), so whether the panel's name match would also reach other accounts cannot be checked (openpanel.md §10.9)`;
  }
  if (hits.length === 0) return undefined;
  return (
    `OpenPanel's ${action} of "${key}" also matches ${hits.join(', ')} (an unescaped, case-insensitive LIKE 'SUSPENDED_%_${key}', openpanel.md §10.1-§10.7), ` +
    `and could ${action === 'delete' ? 'delete their rows, home directories and Linux users' : 'rename another account to it, or fail on every run'}. Rename or remove those accounts on the server (opencli), then run again`
  );
}
