import type { ProviderCatalog } from '../contract/panel.ts';
import type { DesiredObject, Reference } from '../contract/panel.ts';
import type { ManifestSet, OpenReference } from './manifest-set.ts';

/** A reference that the manifests alone cannot settle: the target may exist on the panel unmanaged. */
const identity = (panel: string, kind: string, key: string) => `${panel}/${kind}/${key}`;

/**
 * Checks references between desired objects (owner admin, template, group, account).
 * A reference that may point at a live object is returned open, for checkLiveReferences.
 */
export function checkStaticReferences(
  set: ManifestSet,
  registry: ProviderCatalog,
  /** `panel/Kind/key` of objects written in the manifests but not built (their own error is reported): still defined. */
  unbuilt: ReadonlySet<string> = new Set(),
): OpenReference[] {
  const open: OpenReference[] = [];
  const referencesOf = new Map<string, ((spec: DesiredObject['spec']) => Reference[]) | undefined>();
  let known: Set<string> | undefined;
  let folded: Set<string> | undefined;
  for (const object of set.objects) {
    const kindKey = `${object.panel}/${object.kind}`;
    if (!referencesOf.has(kindKey)) {
      const panel = set.panels.find((p) => p.name === object.panel);
      referencesOf.set(kindKey, panel && registry.kind(panel.type, object.kind)?.references);
    }
    const refs = referencesOf.get(kindKey)?.(object.spec) ?? [];
    if (refs.length === 0) continue;
    known ??= new Set(set.objects.map((o) => identity(o.panel, o.kind, o.key)));
    for (const ref of refs) {
      if (known.has(identity(object.panel, ref.kind, ref.key)) || unbuilt.has(identity(object.panel, ref.kind, ref.key))) continue;
      if (ref.caseInsensitive) {
        // The panel finds the target whatever the case (OpenPanel plans); built once, and only for such references.
        folded ??= new Set(set.objects.map((o) => identity(o.panel, o.kind, o.key.toLowerCase())));
        if (folded.has(identity(object.panel, ref.kind, ref.key.toLowerCase()))) continue;
      }
      if (ref.mayBeLive) {
        open.push({ from: object, ref });
        continue;
      }
      set.diagnostics.push({
        severity: 'error',
        ...set.locate(object, [ref.field]),
        message: `${ref.kind} "${ref.key}" is not defined in the manifests for panel ${object.panel}`,
      });
    }
  }
  return open;
}

/** Settles open references against the keys that exist on the live panel. */
export function checkLiveReferences(
  set: ManifestSet,
  open: readonly OpenReference[],
  liveKeys: (panel: string, kind: string) => ReadonlySet<string> | undefined,
): void {
  for (const { from, ref } of open) {
    const live = liveKeys(from.panel, ref.kind);
    if (!live || live.has(ref.key)) continue;
    if (ref.caseInsensitive && [...live].some((k) => k.toLowerCase() === ref.key.toLowerCase())) continue;
    set.diagnostics.push({
      severity: 'error',
      ...set.locate(from, [ref.field]),
      message: `${ref.kind} "${ref.key}" exists neither in the manifests nor on panel ${from.panel}`,
    });
  }
}
