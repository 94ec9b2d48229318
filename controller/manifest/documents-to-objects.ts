import type { KindDescriptor, Provider, Spec } from '../providers/types.ts';
import type { Diagnostic } from './diagnostics.ts';
import { documentSchema, listDocumentSchema } from './document-schemas.ts';
import type { SchemaValidator } from './validator.ts';
import type { SourceDocument } from './yaml-documents.ts';

/** One object from a document (a single document, or one item of a List), before panel resolution. */
export interface RawObject {
  provider: Provider;
  kind: KindDescriptor;
  key: string;
  panel: string | undefined;
  protect: boolean;
  spec: Spec;
  doc: SourceDocument;
  /** Maps a path inside the object's spec to a path inside its document (List items differ). */
  specPath(path: readonly (string | number)[]): (string | number)[];
}

export type DiagnosticAt = (doc: SourceDocument, path: readonly (string | number)[], message: string, severity?: Diagnostic['severity']) => void;

/**
 * Validates a provider document against its kind's schema and expands a `<Kind>List`
 * into one object per item (defaults merged under each item, shallowly).
 */
export function documentToObjects(
  doc: SourceDocument,
  provider: Provider,
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
  if (issues.length > 0) return [];

  const panel = value.metadata?.panel;
  if (!isList) {
    return [
      {
        provider,
        kind,
        key: String(value.metadata?.name),
        panel,
        protect: value.metadata?.protect ?? false,
        spec: { ...(value.spec ?? {}) },
        doc,
        specPath: (p) => ['spec', ...p],
      },
    ];
  }
  const spec = value.spec as { defaults?: Spec; items: Array<Spec & { name: string; protect?: boolean }> };
  const defaults = spec.defaults ?? {};
  const seen = new Map<string, number>();
  return spec.items.flatMap((item, i) => {
    const { name, protect, ...fields } = item;
    const merged: Spec = { ...defaults, ...fields };
    const specPath = (p: readonly (string | number)[]): (string | number)[] => {
      const top = p[0];
      if (top === undefined || top in fields || !(top in defaults)) return ['spec', 'items', i, ...p];
      return ['spec', 'defaults', ...p];
    };
    const requiredIssues = validator.validate(kind.specSchema, merged);
    for (const issue of requiredIssues) report(doc, specPath(issue.path), issue.message);
    if (requiredIssues.length > 0) return [];
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      report(doc, ['spec', 'items', i, 'name'], `duplicate name "${name}" (also item ${earlier} of this list)`);
      return [];
    }
    seen.set(name, i);
    return [{ provider, kind, key: name, panel, protect: protect ?? false, spec: merged, doc, specPath }];
  });
}
