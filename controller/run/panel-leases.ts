import { hostname } from 'node:os';
import type { HeldLock, StateBackend } from '../state/backend.ts';
import type { Logger } from '../shared/logger.ts';

const leaseName = (panel: string) => `${panel}.lease`;
const REPLICA_PREFIX = 'replica.';

export const defaultReplicaId = (): string => `${hostname()}-${process.pid}`;

/**
 * Which panels this controller replica reconciles. With a shared backend, each replica holds
 * a lease (a lock of its own, apart from the write lock that `apply` takes) on its share of
 * the panels: ceil(panels / live replicas). A replica that dies loses its connection, so its
 * leases and its replica lock: the others see fewer replicas and free panels at their next
 * reconcile, and take them. A replica over its share (one joined) gives the extra back.
 * Without a shared backend there is one replica, and it reconciles every panel.
 */
export class PanelLeases {
  private readonly leases = new Map<string, HeldLock>();
  private replicaLock: HeldLock | undefined;

  constructor(
    private readonly state: StateBackend,
    readonly replica: string,
    private readonly logger: Logger,
  ) {}

  get shared(): boolean {
    return this.state.heldLocks !== undefined;
  }

  /** Panels this replica holds now, after taking and giving back leases for `panels`. */
  async claim(panels: readonly string[]): Promise<string[]> {
    if (!this.state.heldLocks) return [...panels];
    if (!this.replicaLock || this.replicaLock.lost.aborted) this.replicaLock = await this.state.tryLock(`${REPLICA_PREFIX}${this.replica}`, { command: 'run', replica: this.replica });
    const wanted = new Set(panels);
    for (const [panel, lease] of this.leases) {
      if (lease.lost.aborted || !wanted.has(panel)) await this.giveBack(panel);
    }
    const replicas = Math.max(1, (await this.state.heldLocks(REPLICA_PREFIX)).length);
    const share = Math.ceil(panels.length / replicas);
    for (const panel of [...this.leases.keys()].sort().slice(share)) await this.giveBack(panel);
    // Each replica tries the free panels in its own order, so two starting together spread out.
    for (const panel of rotate([...wanted].sort(), this.replica)) {
      if (this.leases.size >= share) break;
      if (this.leases.has(panel)) continue;
      const lease = await this.state.tryLock(leaseName(panel), { command: 'run', replica: this.replica });
      if (lease) {
        this.leases.set(panel, lease);
        this.logger.info({ panel, replica: this.replica }, 'panel lease taken');
      }
    }
    return [...this.leases.keys()].sort();
  }

  /** Who holds each panel's lease (this replica or another), for /status and the metrics. */
  async holders(panels: readonly string[]): Promise<Record<string, string | undefined>> {
    if (!this.state.heldLocks) return Object.fromEntries(panels.map((p) => [p, this.replica]));
    const held = new Map((await this.state.heldLocks('')).map((l) => [l.name, l.holder.replica]));
    return Object.fromEntries(panels.map((p) => [p, held.get(leaseName(p))]));
  }

  async releaseAll(): Promise<void> {
    for (const panel of [...this.leases.keys()]) await this.giveBack(panel);
    await this.replicaLock?.release();
    this.replicaLock = undefined;
  }

  private async giveBack(panel: string): Promise<void> {
    const lease = this.leases.get(panel);
    this.leases.delete(panel);
    await lease?.release().catch(() => undefined);
    this.logger.info({ panel, replica: this.replica }, 'panel lease given back');
  }
}

/** The list started at a point that depends on `seed`. */
function rotate<T>(items: T[], seed: string): T[] {
  if (items.length === 0) return items;
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const at = h % items.length;
  return [...items.slice(at), ...items.slice(0, at)];
}
