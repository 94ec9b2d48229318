import type { ProviderCatalog } from '../contract/panel.ts';
import type { PanelConfig } from '../contract/panel.ts';
import type { DiagnosticAt } from './documents-to-objects.ts';
import { missingAuth, panelDocumentSchema, toPanelConfig, type RawPanel } from './panel-kind.ts';
import { isSecretRef, resolveSecret, UNRESOLVED, type SecretSource } from './secrets.ts';
import type { SchemaValidator } from './validator.ts';
import type { SourceDocument } from './yaml-documents.ts';

/** Validates a Panel document and resolves its credentials. */
export function buildPanel(
  doc: SourceDocument,
  registry: ProviderCatalog,
  validator: SchemaValidator,
  secrets: SecretSource,
  report: DiagnosticAt,
): PanelConfig | undefined {
  const issues = validator.validate(panelDocumentSchema, doc.value);
  for (const issue of issues) report(doc, issue.path, issue.message);
  if (issues.length > 0) return undefined;
  const raw = doc.value as RawPanel;
  const provider = registry.get(raw.spec.type);
  if (!provider) {
    report(doc, ['spec', 'type'], `panel type ${raw.spec.type} is not supported by this build`);
    return undefined;
  }
  const auth: Record<string, string> = {};
  for (const [field, value] of Object.entries(raw.spec.auth ?? {})) {
    if (isSecretRef(value)) {
      try {
        auth[field] = resolveSecret(value, secrets);
      } catch (err) {
        report(doc, ['spec', 'auth', field], (err as Error).message);
      }
    } else if (typeof value === 'string') {
      if (field !== 'username') report(doc, ['spec', 'auth', field], 'a literal secret in a manifest: use { env: NAME } or { file: PATH }', 'warning');
      auth[field] = value;
    }
  }
  const missing = missingAuth(provider, new Set(Object.keys(raw.spec.auth ?? {})));
  if (missing) {
    report(doc, ['spec', 'auth'], `a ${provider.type} panel needs auth ${provider.authFields.map((s) => s.join(' + ')).join(' or ')} (missing ${missing.join(', ')})`);
  }
  const url = resolveUrl(doc, raw.spec.url, secrets, report);
  // A panel whose secrets did not resolve is still returned (its errors already stop any run),
  // so its objects are validated against it instead of each reporting a missing panel.
  return toPanelConfig(raw, url ?? '', provider, auth, { file: doc.file, ...doc.position([]) });
}

function resolveUrl(doc: SourceDocument, value: unknown, secrets: SecretSource, report: DiagnosticAt): string | undefined {
  if (typeof value === 'string') return value;
  if (!isSecretRef(value)) return undefined;
  try {
    const url = resolveSecret(value, secrets).trim();
    if (url === UNRESOLVED.trim()) return 'https://unresolved.invalid';
    if (/^https?:\/\/\S+$/.test(url)) return url;
    report(doc, ['spec', 'url'], 'the referenced value is not an http(s) URL');
  } catch (err) {
    report(doc, ['spec', 'url'], (err as Error).message);
  }
  return undefined;
}
