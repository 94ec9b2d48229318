import type { Diagnostic } from '../manifest/diagnostics.ts';
import type { ManifestSet } from '../manifest/load.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { JournalOp } from '../state/backend.ts';
import type { DesiredObject, ObservedObject } from '../providers/types.ts';
import type { Connection } from './connect.ts';
import { checkFoldedNames } from './folded-names.ts';
import type { PanelContext } from './panel-context.ts';
import type { TargetFilter } from './target.ts';

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * Reads every kind of one panel, in dependency order. The keys passed to `list` are the
 * desired plus the owned ones: panels that cannot list (OpenPanel) read exactly those.
 */
export async function observePanel(
  connection: Connection,
  desired: readonly DesiredObject[],
  inventory: Promise<Inventory>,
  target: TargetFilter | undefined,
  /** Objects a crashed run's journal claims: read like owned ones, so their claims can be settled. */
  claims: Promise<readonly JournalOp[]> = Promise.resolve([]),
  /** Kinds already being read whole (early reads, started before the manifests were validated). */
  early?: ReadonlyMap<string, Promise<ObservedObject[]>>,
): Promise<Map<string, ObservedObject[]>> {
  const { provider, session, panel } = connection;
  const observed = new Map<string, ObservedObject[]>();
  // Reads only, so every kind is read at once (the panel's queue still bounds the requests):
  // a small kind no longer waits behind the pages of a large one.
  const kinds = [...provider.kinds].sort((a, b) => a.order - b.order);
  const filterTarget = (kind: string, listed: ObservedObject[]) => (target ? listed.filter((o) => target(panel.name, kind, o.key)) : listed);
  const lists = await Promise.all(
    kinds.map(async (kind) => {
      // A kind read whole does not wait for state: the panel starts on its pages while state is parsed.
      const started = early?.get(kind.kind);
      if (started) return filterTarget(kind.kind, await started);
      const claimed = async () => (await claims).filter((op) => op.kind === kind.kind && op.spec).map((op) => op.key);
      const keys = session.listsEverything?.(kind.kind) ? NO_KEYS : new Set([...desired.filter((d) => d.kind === kind.kind).map((d) => d.key), ...(await inventory).keys(kind.kind), ...(await claimed())]);
      return filterTarget(kind.kind, await session.list(kind.kind, keys));
    }),
  );
  kinds.forEach((kind, i) => observed.set(kind.kind, lists[i] ?? []));
  return observed;
}

/** Validation that needs the live panel (e.g. inbound tags), as diagnostics located in the manifest set. */
export function checkFacts(manifests: ManifestSet, ctx: PanelContext): Diagnostic[] {
  const facts = ctx.facts;
  if (!facts) return [];
  const found: Diagnostic[] = [];
  const kinds = new Map(ctx.connection.provider.kinds.map((k) => [k.kind, k]));
  for (const d of ctx.desired) {
    const kind = kinds.get(d.kind);
    for (const [pointer, message] of kind?.check?.(d.spec, d.key, facts) ?? []) {
      const path = pointer.split('/').filter(Boolean);
      found.push({ severity: 'error', ...manifests.locate(d, path), message });
    }
  }
  return [...found, ...checkFoldedNames(manifests, ctx)];
}
