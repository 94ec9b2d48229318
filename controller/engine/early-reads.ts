import type { ObservedObject, PanelConfig, PanelFacts } from '../providers/types.ts';
import { connectPanel, type ConnectDeps, type Connection } from './connect.ts';

const NO_KEYS: ReadonlySet<string> = new Set();

/** What a panel answered before the manifests were validated: its login, facts and whole-kind lists. */
export interface EarlyPanel {
  connection: Promise<Connection>;
  reads: Promise<{ facts: PanelFacts; lists: ReadonlyMap<string, Promise<ObservedObject[]>> }>;
}

/**
 * Panel reads started while a large manifest set is still being validated, so the manifest
 * work hides under the panels' own read time. Only logins and reads: the sessions are handed
 * to the plan, which runs (and so can lead to any write) only once every manifest is valid.
 * A panel whose final config differs from the one read early is read again from scratch.
 */
export class EarlyReads {
  private readonly started = new Map<string, { key: string; early: EarlyPanel }>();

  constructor(private readonly deps: ConnectDeps) {}

  /** Starts each panel's login and reads; resolves once every one has its list requests out (or has failed). */
  start(panels: readonly PanelConfig[]): Promise<void> {
    const underWay: Promise<unknown>[] = [];
    for (const panel of panels) {
      if (this.started.has(panel.name)) continue;
      const connection = connectPanel(panel, this.deps);
      // The same order as a plan that reads late: facts first, then the kinds a panel lists whole.
      const reads = connection.then(async ({ session, provider }) => {
        const facts = await session.facts();
        const lists = new Map(provider.kinds.filter((k) => session.listsEverything?.(k.kind)).map((k) => [k.kind, session.list(k.kind, NO_KEYS)] as const));
        for (const list of lists.values()) list.catch(() => undefined); // awaited by the plan, or dropped
        return { facts, lists };
      });
      connection.catch(() => undefined);
      reads.catch(() => undefined);
      this.started.set(panel.name, { key: JSON.stringify(panel), early: { connection, reads } });
      underWay.push(reads.catch(() => undefined));
    }
    // The lists were called when `reads` resolved; one turn of the event loop puts their first requests on the wire.
    return Promise.all(underWay).then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  }

  /** The early reads of a panel, once: only when they were made with exactly this config. */
  take(panel: PanelConfig): EarlyPanel | undefined {
    const entry = this.started.get(panel.name);
    if (!entry || entry.key !== JSON.stringify(panel)) return undefined;
    this.started.delete(panel.name);
    return entry.early;
  }

  /** Logs out of the panels read early whose reads no plan took (an invalid set, a changed config). */
  async close(): Promise<void> {
    const left = [...this.started.values()];
    this.started.clear();
    await Promise.all(left.map(async ({ early }) => {
      const connection = await early.connection.catch(() => undefined);
      const reads = await early.reads.catch(() => undefined);
      await Promise.allSettled(reads?.lists.values() ?? []);
      await connection?.session.close?.();
    }));
  }
}
