/**
 * Fleet documents as plain records: subscribers (single or from a list, defaults merged) and
 * label-selected Placements, each remembering where it was written.
 */
import type { Spec } from '../contract/panel.ts';
import type { DiagnosticAt } from '../manifest/documents-to-objects.ts';
import type { SchemaValidator } from '../manifest/validator.ts';
import type { SourceDocument } from '../manifest/yaml-documents.ts';
import { placementDocumentSchema, subscriberDocumentSchema, subscriberListDocumentSchema } from './subscriber-kind.ts';
import type { Placement } from './targets/adapter.ts';

type Path = (string | number)[];

export interface SubscriberRecord {
  name: string;
  labels: Record<string, string>;
  protect: boolean;
  spec: Spec;
  doc: SourceDocument;
  /** A field of the subscriber's spec as a path in its document (a list item's field may come from defaults). */
  fieldPath(path: readonly (string | number)[]): Path;
  namePath: Path;
}

export interface PlacementRecord {
  name: string;
  matchLabels: Record<string, string>;
  placement: Placement;
  doc: SourceDocument;
}

interface Envelope {
  metadata?: { name?: string; labels?: Record<string, string>; protect?: boolean };
  spec?: Spec & { defaults?: Spec; items?: Array<Spec & { name: string; labels?: Record<string, string>; protect?: boolean }> };
}

export function readFleetDocuments(docs: readonly SourceDocument[], validator: SchemaValidator, report: DiagnosticAt): { subscribers: SubscriberRecord[]; placements: PlacementRecord[] } {
  const subscribers: SubscriberRecord[] = [];
  const placements: PlacementRecord[] = [];
  for (const doc of docs) {
    const kind = (doc.value as { kind: string }).kind;
    const schema = kind === 'Placement' ? placementDocumentSchema : kind === 'Subscriber' ? subscriberDocumentSchema : subscriberListDocumentSchema;
    const issues = validator.validate(schema, doc.value);
    for (const issue of issues) report(doc, issue.path, issue.message);
    // A list item's own errors do not hold back the other items: their errors show in the same run.
    const badItems = new Set(issues.map((i) => (kind === 'SubscriberList' && i.path[1] === 'items' && typeof i.path[2] === 'number' ? i.path[2] : -1)));
    if (badItems.has(-1)) continue;
    const value = doc.value as Envelope;
    const spec = value.spec ?? {};
    if (kind === 'Placement') {
      const { selector, ...placement } = spec as { selector: { matchLabels: Record<string, string> } } & Placement;
      placements.push({ name: value.metadata?.name ?? '', matchLabels: selector.matchLabels, placement, doc });
    } else if (kind === 'Subscriber') {
      const name = value.metadata?.name ?? '';
      subscribers.push({ name, labels: value.metadata?.labels ?? {}, protect: value.metadata?.protect ?? false, spec, doc, fieldPath: (p) => ['spec', ...p], namePath: ['metadata', 'name'] });
    } else {
      const defaults = spec.defaults ?? {};
      (spec.items ?? []).forEach((item, i) => {
        if (badItems.has(i)) return;
        const { name, labels, protect, ...fields } = item;
        const merged: Spec = { ...defaults, ...fields };
        const fieldPath = (p: readonly (string | number)[]): Path => {
          const top = p[0];
          return top !== undefined && !(top in fields) && top in defaults ? ['spec', 'defaults', ...p] : ['spec', 'items', i, ...p];
        };
        subscribers.push({ name, labels: { ...(value.metadata?.labels ?? {}), ...(labels ?? {}) }, protect: protect ?? false, spec: merged, doc, fieldPath, namePath: ['spec', 'items', i, 'name'] });
      });
    }
  }
  return { subscribers, placements };
}

export const selects = (p: PlacementRecord, labels: Record<string, string>): boolean => Object.entries(p.matchLabels).every(([k, v]) => labels[k] === v);
