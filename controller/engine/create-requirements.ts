import type { Diagnostic } from '../manifest/diagnostics.ts';
import type { ManifestSet } from '../manifest/load.ts';
import { objectRef } from './object-ref.ts';
import type { PanelContext } from './panel-context.ts';

/**
 * A manifest for an object that is not on the panel yet must carry what its create needs
 * (a Users API user's password): an error at the manifest's line, with the plan's other
 * manifest errors, before anything is sent, instead of a create that fails mid-apply.
 * Only the plan can tell: an object already on the panel (imported, adopted) needs none.
 */
export function checkCreateRequirements(manifests: ManifestSet, ctx: PanelContext): Diagnostic[] {
  const kinds = ctx.connection.provider.kinds.filter((k) => k.createRequires?.length);
  if (kinds.length === 0) return [];
  const found: Diagnostic[] = [];
  const ref = objectRef(ctx.connection.provider.kinds);
  for (const kind of kinds) {
    const live = new Set((ctx.observed.get(kind.kind) ?? []).map((o) => ref(o.kind, o.key)));
    for (const d of ctx.desired) {
      if (d.kind !== kind.kind || live.has(ref(d.kind, d.key))) continue;
      for (const field of kind.createRequires ?? []) {
        if (d.spec[field] !== undefined || d.secrets[field] !== undefined) continue;
        found.push({
          severity: 'error',
          ...manifests.locateName(d),
          pointer: `/spec/${field}`,
          message: `${kind.kind} "${d.key}" is not on panel ${ctx.connection.panel.name} yet, and creating it needs ${field} (e.g. ${field}: { env: NAME })`,
        });
      }
    }
  }
  return found;
}
