/**
 * Subscribers × placements → one desired object per panel, in that panel's provider kind.
 * Every field that cannot map exactly is an error at the subscriber's file and line, naming
 * the panel and the field; such a subscriber gives no object at all.
 */
import type { PanelConfig, ProviderCatalog, Spec } from '../contract/panel.ts';
import type { DiagnosticAt } from '../manifest/documents-to-objects.ts';
import { resolveSecret, UNRESOLVED, type SecretRef, type SecretSource } from '../manifest/secrets.ts';
import { parseBytes, parseDurationSeconds, parseInstant } from '../manifest/units.ts';
import type { SchemaValidator } from '../manifest/validator.ts';
import type { SourceDocument } from '../manifest/yaml-documents.ts';
import { deriveCredentials, referencedCredentials } from './credentials.ts';
import { FleetObject } from './fleet-object.ts';
import { readFleetDocuments, selects, type SubscriberRecord } from './read-fleet.ts';
import { asSecrets, type CredentialName, type Credentials, type Placement, type SubscriberFields } from './targets/adapter.ts';
import { TARGETS } from './targets/index.ts';

export interface FleetInput {
  documents: readonly SourceDocument[];
  panels: readonly PanelConfig[];
  catalog: ProviderCatalog;
  validator: SchemaValidator;
  secrets: SecretSource;
  report: DiagnosticAt;
}

type Path = (string | number)[];
interface Located {
  placement: Placement;
  doc: SourceDocument;
  path: Path;
}

export function expandFleet(input: FleetInput): FleetObject[] {
  const { subscribers, placements } = readFleetDocuments(input.documents, input.validator, input.report);
  const out: FleetObject[] = [];
  const seen = new Map<string, SubscriberRecord>();
  const derived = new Map<string, string>();
  for (const s of subscribers) {
    const first = seen.get(s.name);
    if (first) {
      input.report(s.doc, s.namePath, `duplicate Subscriber "${s.name}" (first defined at ${first.doc.file}:${first.doc.position(first.namePath).line})`);
      continue;
    }
    seen.set(s.name, s);
    const located: Located[] = ((s.spec.placements ?? []) as Placement[]).map((placement, i) => ({ placement, doc: s.doc, path: s.fieldPath(['placements', i]) }));
    for (const p of placements) if (selects(p, s.labels)) located.push({ placement: p.placement, doc: p.doc, path: ['spec'] });
    out.push(...expandOne(s, located, input, derived));
  }
  return out;
}

function fieldsOf(s: SubscriberRecord, report: DiagnosticAt): SubscriberFields | undefined {
  const spec = s.spec;
  const fields: SubscriberFields = { name: s.name };
  const parse = (field: string, fn: () => void): boolean => {
    try {
      fn();
      return true;
    } catch (err) {
      report(s.doc, s.fieldPath([field]), (err as Error).message);
      return false;
    }
  };
  const e = spec.expire;
  const parsed = [
    parse('dataLimit', () => spec.dataLimit !== undefined && (fields.dataLimit = parseBytes(spec.dataLimit))),
    parse('expire', () => e !== undefined && (fields.expire = typeof e === 'object' && e !== null ? { afterFirstUse: parseDurationSeconds((e as Spec).afterFirstUse) } : parseInstant(e))),
  ];
  if (spec.dataLimitReset !== undefined) fields.dataLimitReset = spec.dataLimitReset as NonNullable<SubscriberFields['dataLimitReset']>;
  if (spec.status !== undefined) fields.status = spec.status as NonNullable<SubscriberFields['status']>;
  if (spec.note !== undefined) fields.note = spec.note as string;
  return parsed.every(Boolean) ? fields : undefined;
}

function credentialsOf(s: SubscriberRecord, panels: readonly string[], input: FleetInput, derived: Map<string, string>): { from?: string; credentials: Credentials } | undefined {
  const given = s.spec.credentials as { from?: string; derive?: { key: SecretRef } } & Partial<Record<CredentialName, SecretRef>> | undefined;
  if (!given) {
    if (panels.length > 1) input.report(s.doc, s.fieldPath([]), `Subscriber "${s.name}" is placed on ${panels.length} panels (${panels.join(', ')}) but has no credentials: each panel would make its own keys. Add credentials: { from: ${panels[0] ?? 'PANEL'} } or { derive: { key: { env: NAME } } }`);
    return panels.length > 1 ? undefined : { credentials: {} };
  }
  try {
    if (given.from !== undefined) {
      if (!panels.includes(given.from)) {
        input.report(s.doc, s.fieldPath(['credentials', 'from']), `credentials come from panel "${given.from}", which is not one of this subscriber's placements (${panels.join(', ') || 'none'})`);
        return undefined;
      }
      return { from: given.from, credentials: {} };
    }
    if (given.derive) {
      const id = JSON.stringify(given.derive.key);
      const key = derived.get(id) ?? resolveSecret(given.derive.key, input.secrets);
      derived.set(id, key);
      return { credentials: key === UNRESOLVED ? {} : deriveCredentials(key, s.name) };
    }
    const refs = referencedCredentials(given, input.secrets);
    return { credentials: Object.fromEntries(Object.entries(refs).filter(([, v]) => v !== UNRESOLVED)) };
  } catch (err) {
    input.report(s.doc, s.fieldPath(['credentials']), (err as Error).message);
    return undefined;
  }
}

function expandOne(s: SubscriberRecord, located: Located[], input: FleetInput, derived: Map<string, string>): FleetObject[] {
  const fields = fieldsOf(s, input.report);
  if (!fields) return [];
  const byPanel = new Map<string, Located>();
  let ok = true;
  for (const l of located) {
    const earlier = byPanel.get(l.placement.panel);
    if (earlier) {
      input.report(l.doc, [...l.path, 'panel'], `Subscriber "${s.name}" is placed on panel ${l.placement.panel} twice (also at ${earlier.doc.file}:${earlier.doc.position(earlier.path).line})`);
      ok = false;
    } else byPanel.set(l.placement.panel, l);
  }
  const creds = credentialsOf(s, [...byPanel.keys()], input, derived);
  if (!ok || !creds) return [];
  const out: FleetObject[] = [];
  for (const [panelName, l] of byPanel) {
    const at = (field: string): [SourceDocument, Path] => {
      if (field === 'metadata.name') return [s.doc, s.namePath];
      if (field.startsWith('placement')) return [l.doc, [...l.path, ...field.split('.').slice(1)]];
      return [s.doc, s.fieldPath(field.split('.'))];
    };
    const panel = input.panels.find((p) => p.name === panelName);
    if (!panel) {
      input.report(l.doc, [...l.path, 'panel'], `panel "${panelName}" is not defined (defined: ${input.panels.map((p) => p.name).join(', ') || 'none'})`);
      continue;
    }
    const adapter = TARGETS.get(panel.type);
    const kind = adapter && input.catalog.kind(panel.type, adapter.kind);
    if (!adapter || !kind) {
      input.report(l.doc, [...l.path, 'panel'], `panel ${panelName} is of type ${panel.type}: subscribers cannot be placed on it (supported: ${[...TARGETS.keys()].join(', ')})`);
      continue;
    }
    const { spec, refused } = adapter.toSpec(fields, l.placement);
    for (const r of refused) input.report(...at(r.field), `panel ${panelName} (${panel.type}): ${r.field}: ${r.reason}`);
    const issues = kind.check?.(spec, s.name, undefined) ?? [];
    for (const [pointer, message] of issues) input.report(l.doc, l.path, `panel ${panelName} (${panel.type}): ${pointer.slice(1) || 'spec'}: ${message}`);
    if (refused.length > 0 || issues.length > 0) continue;
    let normalized: Spec;
    try {
      normalized = kind.normalize ? kind.normalize(spec) : spec;
    } catch (err) {
      input.report(l.doc, l.path, `panel ${panelName} (${panel.type}): ${(err as Error).message}`);
      continue;
    }
    const fromElsewhere = creds.from !== undefined && creds.from !== panelName ? creds.from : undefined;
    const secrets = creds.from !== undefined ? {} : asSecrets(adapter, creds.credentials);
    out.push(new FleetObject(panelName, panel.type, kind.kind, s.name, normalized, secrets, s.protect, { doc: l.doc, path: l.path, specPath: s.fieldPath([]) }, fromElsewhere));
  }
  return out;
}
