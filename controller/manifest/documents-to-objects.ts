import type { KindDescriptor, ProviderDescription, Spec } from '../contract/panel.ts';
import type { Diagnostic } from './diagnostics.ts';
import { documentSchema, listDocumentSchema, mergedItemSchema } from './document-schemas.ts';
import type { SchemaValidator } from './validator.ts';
import type { SourceDocument } from './yaml-documents.ts';

type ListSpec = { defaults?: Spec; items: Array<Spec & { name: string; protect?: boolean }> };

/**
 * One object from a document (a single document, or one item of a List), before panel
 * resolution. A class rather than a literal with closures: a 100,000-item list makes
 * 100,000 of these, and per-object closures and copies were most of the loader's memory.
 */
export class RawObject {
  constructor(
    readonly provider: ProviderDescription,
    readonly kind: KindDescriptor,
    readonly key: string,
    readonly panel: string | undefined,
    readonly protect: boolean,
    /** The spec as written (defaults merged); dropped once the object is normalized. */
    public spec: Spec | undefined,
    readonly doc: SourceDocument,
    /** The item's index when the object comes from a `<Kind>List`. */
    private readonly item?: number,
  ) {}

  /** Maps a path inside the object's spec to a path inside its document (List items differ). */
  specPath(path: readonly (string | number)[]): (string | number)[] {
    return specPathIn(this.doc, this.item, path);
  }

  /** Where the object sits in its document: all a desired object keeps of it once loaded. */
  get origin(): ObjectOrigin {
    return { doc: this.doc, item: this.item };
  }
}

/** A document and, for a List, the item's index. */
export interface ObjectOrigin {
  doc: SourceDocument;
  item: number | undefined;
}

/** A path inside an object's spec, as a path inside its document (a List item's field may come from defaults). */
export function specPathIn(doc: SourceDocument, item: number | undefined, path: readonly (string | number)[]): (string | number)[] {
  if (item === undefined) return ['spec', ...path];
  const list = ((doc.value ?? doc.reread?.()) as { spec: ListSpec }).spec;
  const top = path[0];
  const fields = list.items[item] ?? {};
  if (top === undefined || top in fields || !(top in (list.defaults ?? {}))) return ['spec', 'items', item, ...path];
  return ['spec', 'defaults', ...path];
}

export type DiagnosticAt = (doc: SourceDocument, path: readonly (string | number)[], message: string, severity?: Diagnostic['severity']) => void;

/**
 * Validates a provider document against its kind's schema and expands a `<Kind>List`
 * into one object per item (defaults merged under each item, shallowly).
 */
export function documentToObjects(
  doc: SourceDocument,
  provider: ProviderDescription,
  kindName: string,
  validator: SchemaValidator,
  report: DiagnosticAt,
): RawObject[] {
  const value = doc.value as { metadata?: { name?: string; panel?: string; protect?: boolean }; spec?: Spec };
  const isList = kindName.endsWith('List') && !provider.kinds.some((k) => k.kind === kindName);
  const kind = provider.kinds.find((k) => k.kind === (isList ? kindName.slice(0, -4) : kindName));
  if (!kind) {
    const known = provider.kinds.flatMap((k) => [k.kind, `${k.kind}List`]).join(', ');
    report(doc, ['kind'], `unknown kind "${kindName}" for ${provider.apiVersion} (known: ${known})`);
    return [];
  }
  const issues = validator.validate(isList ? listDocumentSchema(kind) : documentSchema(kind), doc.value);
  for (const issue of issues) report(doc, issue.path, issue.message);
  // An item's own schema errors do not hold back the other items of its list: they are still
  // read, so their errors (an impossible date, a duplicate) appear in the same run.
  const badItems = new Set(issues.map((i) => (i.path[0] === 'spec' && i.path[1] === 'items' && typeof i.path[2] === 'number' ? i.path[2] : -1)));
  if (issues.length > 0 && (!isList || badItems.has(-1))) return [];

  const panel = value.metadata?.panel;
  if (!isList) return [new RawObject(provider, kind, String(value.metadata?.name), panel, value.metadata?.protect ?? false, { ...(value.spec ?? {}) }, doc)];

  const { defaults = {}, items } = value.spec as ListSpec;
  const seen = new Map<string, number>();
  const out: RawObject[] = [];
  for (let i = 0; i < items.length; i++) {
    if (badItems.has(i)) continue;
    const item = items[i] as ListSpec['items'][number];
    const merged: Spec = {};
    for (const k in defaults) merged[k] = defaults[k];
    for (const k in item) if (k !== 'name' && k !== 'protect') merged[k] = item[k];
    const raw = new RawObject(provider, kind, item.name, panel, item.protect ?? false, merged, doc, i);
    const requiredIssues = validator.validate(mergedItemSchema(kind), merged);
    for (const issue of requiredIssues) report(doc, raw.specPath(issue.path), issue.message);
    if (requiredIssues.length > 0) continue;
    const earlier = seen.get(item.name);
    if (earlier !== undefined) {
      report(doc, ['spec', 'items', i, 'name'], `duplicate name "${item.name}" (also item ${earlier} of this list)`);
      continue;
    }
    seen.set(item.name, i);
    out.push(raw);
  }
  // A JSON list of 100,000 items is not kept twice (written and normalized): the rare
  // diagnostic found later reads the file again.
  if (doc.reread) doc.value = undefined;
  return out;
}
