import type { Diagnostic } from '../manifest/diagnostics.ts';
import type { ManifestSet } from '../manifest/load.ts';
import type { PanelContext } from './panel-context.ts';

/**
 * Manifests whose names differ only by case, on a panel that takes them for one object
 * (Marzban on MySQL): the second is reported like a duplicate, naming where the first is,
 * instead of being planned as a create the panel refuses with 409. Where the panel keeps
 * both (SQLite), `foldsKeys` is false and they stay two objects.
 */
export function checkFoldedNames(manifests: ManifestSet, ctx: PanelContext): Diagnostic[] {
  const facts = ctx.facts;
  if (!facts) return [];
  const found: Diagnostic[] = [];
  for (const kind of ctx.connection.provider.kinds) {
    if (kind.keyCaseInsensitive || !kind.foldsKeys?.(facts)) continue;
    const ofKind = ctx.desired.filter((d) => d.kind === kind.kind);
    // A clash needs a name with capitals: only their folded forms are kept, so a large
    // fleet of lower-case names builds no map of its own.
    const capitalised = new Set<string>();
    for (const d of ofKind) {
      const lower = d.key.toLowerCase();
      if (lower !== d.key) capitalised.add(lower);
    }
    if (capitalised.size === 0) continue;
    const first = new Map<string, (typeof ofKind)[number]>();
    for (const d of ofKind) {
      const folded = d.key.toLowerCase();
      if (!capitalised.has(folded)) continue;
      const earlier = first.get(folded);
      if (!earlier) {
        first.set(folded, d);
        continue;
      }
      const at = manifests.locateName(earlier);
      found.push({
        severity: 'error',
        ...manifests.locateName(d),
        message: `duplicate ${kind.kind} "${d.key}" on panel ${ctx.connection.panel.name}: this panel matches names case-insensitively, so it is the same ${kind.kind.toLowerCase()} as "${earlier.key}" (first defined at ${at.file}:${at.line})`,
      });
    }
  }
  return found;
}
