import { startOpenPanelEmulator, type OpenPanelEmulator } from '../../controller/emulators/openpanel/index.ts';
import { startUsersApiEmulator, type UsersApiEmulator } from '../../controller/emulators/users-api/index.ts';
import type { FaultOptions } from '../../controller/emulators/kit/faults.ts';

/**
 * The OpenPanel and Users API part of the chaos fleet: hosting accounts (phase B changes
 * plans and drops some) and community users (phase B changes roles and drops some). A few
 * are suspended or blocked by hand between runs; they must stay so.
 */
export class HostingSlice {
  private readonly suspendedByHand = new Set<string>();
  private readonly blockedByHand = new Set<string>();

  private constructor(
    readonly op: OpenPanelEmulator,
    readonly ua: UsersApiEmulator,
    private readonly accounts: number,
    private readonly members: number,
  ) {}

  static async start(seed: number, faults: FaultOptions, accounts: number, members: number): Promise<HostingSlice> {
    // Many CLI runs log in within a minute: more than the real panel's burst of 5 (openpanel.md §9).
    const op = await startOpenPanelEmulator({ seed, faults, loginBucket: { burst: 1000, refillMs: 12_000 } });
    const ua = await startUsersApiEmulator({ seed: seed + 1, faults });
    ua.seedUsers(10, { prefix: 'legacy' });
    return new HostingSlice(op, ua, accounts, members);
  }

  get env(): Record<string, string> {
    return { OP_URL: this.op.url, OP_PASS: 'sandbox-op-pass', ACCOUNT_PASS: 'Chaos-Account-2026!', UA_URL: this.ua.url, UA_KEY: 'sandbox-users-api-key', MEMBER_PASS: 'Chaos-Member-2026' };
  }

  files(phase: 'A' | 'B'): Record<string, string> {
    const keep = (i: number) => phase === 'A' || i % 10 !== 0;
    const accounts = Array.from({ length: this.accounts }, (_, i) => i).filter(keep)
      .map((i) => `    - { name: acct${i}, email: acct${i}@chaos.example, plan: ${phase === 'B' && i % 2 === 0 ? 'pro' : 'basic'} }`);
    const members = Array.from({ length: this.members }, (_, i) => i).filter(keep)
      .map((i) => `    - { name: member_${i}, email: member${i}@chaos.example, roles: [${phase === 'B' && i % 3 === 0 ? '2, 3' : '3'}] }`);
    return {
      'hosting-panels.yaml': `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: op }
spec: { type: openpanel, url: { env: OP_URL }, auth: { username: admin, password: { env: OP_PASS } }, limits: { timeoutSeconds: 5 } }
---
apiVersion: panelops.io/v1
kind: Panel
metadata: { name: ua }
spec: { type: users-api, url: { env: UA_URL }, auth: { apiKey: { env: UA_KEY } }, limits: { timeoutSeconds: 5 } }
`,
      'accounts.yaml': `apiVersion: openpanel.panelops.io/v1\nkind: AccountList\nspec:\n  defaults: { password: { env: ACCOUNT_PASS } }\n  items:\n${accounts.join('\n')}\n`,
      'members.yaml': `apiVersion: usersapi.panelops.io/v1\nkind: UserList\nspec:\n  defaults: { password: { env: MEMBER_PASS } }\n  items:\n${members.join('\n')}\n`,
    };
  }

  /** Between runs: suspends and blocks a few objects by hand (the manifests say nothing about it). */
  observe(): void {
    for (const a of this.op.state.accounts.values()) {
      if (a.plain.endsWith('7') && !this.suspendedByHand.has(a.plain) && !a.username.startsWith('SUSPENDED_')) {
        this.op.state.rename(a, `${this.op.state.suspendedPrefix()}${a.plain}`);
        this.suspendedByHand.add(a.plain);
      }
    }
    for (const u of this.ua.state.users.values()) {
      if (u.username.endsWith('5') && !this.blockedByHand.has(u.username) && !u.deleted) {
        u.block = { reason: 'blocked by a moderator', until: null };
        this.blockedByHand.add(u.username);
      }
    }
  }

  report(): { duplicates: number; unintendedDeletions: number; reEnabled: number } {
    const wanted = (n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => i % 10 !== 0);
    const accounts = wanted(this.accounts).map((i) => `acct${i}`);
    const members = wanted(this.members).map((i) => `member_${i}`);
    const liveMembers = [...this.ua.state.users.values()].filter((u) => !u.deleted);
    return {
      duplicates: liveMembers.length - new Set(liveMembers.map((u) => u.username.toLowerCase())).size,
      unintendedDeletions: accounts.filter((a) => !this.op.state.lookup(a)).length + members.filter((m) => !this.ua.state.byUsername(m)).length,
      reEnabled:
        [...this.suspendedByHand].filter((n) => { const a = this.op.state.lookup(n); return a !== undefined && !a.username.startsWith('SUSPENDED_'); }).length +
        [...this.blockedByHand].filter((n) => { const u = this.ua.state.byUsername(n); return u !== undefined && !this.ua.state.isBlocked(u); }).length,
    };
  }
}
