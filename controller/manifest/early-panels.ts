/**
 * The Panels of a large manifest set, known before its objects are validated, so that the
 * panels' list reads start while the rest of the set is checked. Only reads: nothing that can
 * write runs before the whole set has passed validation.
 */
import type { PanelConfig, ProviderCatalog } from '../contract/panel.ts';
import { buildPanel } from './build-panel.ts';
import { PANEL_API_VERSION } from './panel-kind.ts';
import type { SecretSource } from './secrets.ts';
import type { SchemaValidator } from './validator.ts';
import type { SourceDocument } from './yaml-documents.ts';

/** Below this many objects, validating costs less than a login: the reads wait, and an invalid set sends nothing at all. */
export const EARLY_READS_FROM = 5000;

/** Lets answers that arrived be handled between chunks of manifest work. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * For a large set whose files parsed: the Panels, built on the side (their diagnostics come
 * from the load itself), handed over before the objects are validated. True when started.
 */
export function startEarlyReads(
  documents: readonly SourceDocument[],
  registry: ProviderCatalog,
  validator: SchemaValidator,
  secrets: SecretSource,
  ready: (panels: readonly PanelConfig[]) => void,
): boolean {
  let objects = 0;
  const panelDocs: SourceDocument[] = [];
  for (const doc of documents) {
    const value = doc.value as { apiVersion?: unknown; kind?: unknown; spec?: { items?: unknown } } | null;
    if (value?.apiVersion === PANEL_API_VERSION && value.kind === 'Panel') panelDocs.push(doc);
    else objects += Array.isArray(value?.spec?.items) ? value.spec.items.length : 1;
  }
  if (objects < EARLY_READS_FROM || panelDocs.length === 0) return false;
  const panels = panelDocs.map((doc) => buildPanel(doc, registry, validator, secrets, () => undefined));
  const built = panels.filter((p): p is PanelConfig => p !== undefined);
  if (built.length === 0) return false;
  ready(built);
  return true;
}
