import type { XuiEmulator } from '../../controller/emulators/3x-ui/index.ts';
import type { MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';

/**
 * What the chaos run watches between runs: the first credentials and traffic counter of
 * every object, and the objects disabled by hand. Checked again at the end.
 */
export class Invariants {
  private readonly mzCreds = new Map<string, string>();
  private readonly xuiCreds = new Map<string, string>();
  private readonly disabledByHand = new Set<string>();
  readonly legacyUsers: string[];
  readonly legacyClients: string[];
  static readonly TRAFFIC = 777_777;

  constructor(
    private readonly mz: MarzbanEmulator,
    private readonly xui: XuiEmulator,
  ) {
    this.legacyUsers = [...mz.state.users.values()].map((u) => u.username);
    this.legacyClients = [...xui.state.clientsById.values()].map((c) => c.email);
  }

  /** A user replaced by hand: its new credentials and counters are remembered afresh. */
  forget(username: string): void {
    this.mzCreds.delete(username);
    this.disabledByHand.delete(username);
  }

  /** Called between runs: remembers new objects, gives them traffic, disables a few by hand. */
  observe(): void {
    for (const u of this.mz.state.users.values()) {
      if (this.mzCreds.has(u.username)) continue;
      this.mzCreds.set(u.username, JSON.stringify(u.proxies));
      u.used_traffic = Invariants.TRAFFIC;
      if (this.mzCreds.size % 25 === 0) {
        u.status = 'disabled';
        this.disabledByHand.add(u.username);
      }
    }
    for (const c of this.xui.state.clientsById.values()) {
      if (this.xuiCreds.has(c.email)) continue;
      this.xuiCreds.set(c.email, `${c.uuid}|${c.password}|${c.subId}`);
      this.xui.setTraffic(c.email, 0, Invariants.TRAFFIC);
    }
  }

  report(desiredUsers: readonly string[], desiredClients: readonly string[]) {
    const users = this.mz.state.users;
    const clients = this.xui.state.clients;
    const expectedUsers = new Set([...desiredUsers, ...this.legacyUsers].map((n) => n.toLowerCase()));
    const expectedClients = new Set([...desiredClients, ...this.legacyClients]);
    let rotations = 0;
    let resets = 0;
    for (const [name, creds] of this.mzCreds) {
      const u = this.mz.state.findUser(name);
      if (!u) continue;
      if (JSON.stringify(u.proxies) !== creds) rotations += 1;
      if (u.used_traffic !== Invariants.TRAFFIC) resets += 1;
    }
    for (const [email, creds] of this.xuiCreds) {
      const c = clients.get(email);
      if (!c) continue;
      // A credential may appear for a newly attached protocol; one that existed must never change.
      const now = [c.uuid, c.password, c.subId];
      if (creds.split('|').some((was, i) => was !== '' && was !== now[i])) rotations += 1;
      if (this.xui.state.usedBytes(email) !== Invariants.TRAFFIC) resets += 1;
    }
    const doubleEntries = [...this.xui.state.inbounds.values()].reduce((n, i) => n + (i.entries.size - new Set(i.entries.keys()).size), 0);
    return {
      duplicates: [...users.keys()].filter((k) => !expectedUsers.has(k)).length + [...clients.keys()].filter((k) => !expectedClients.has(k)).length + doubleEntries,
      unintendedDeletions: [...expectedUsers].filter((k) => !users.has(k)).length + [...expectedClients].filter((k) => !clients.has(k)).length,
      credentialRotations: rotations,
      trafficResets: resets,
      reEnabled: [...this.disabledByHand].filter((n) => { const u = this.mz.state.findUser(n); return u !== undefined && u.status !== 'disabled'; }).length,
    };
  }
}
