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

/**
 * From this many bytes of manifest files (about 1,000 to 4,000 objects), the reads start early.
 * Below it, validating costs less than a login: the reads wait, and an invalid set sends nothing.
 */
export const EARLY_READS_FROM_BYTES = 256 * 1024;

/**
 * How long the parse of the large files waits for the early reads to get their list requests
 * out: on loopback a login and a facts read take milliseconds; a panel slow to log in (bcrypt)
 * is not waited for longer, since its pages take seconds anyway and the manifests hide under them.
 */
const WAIT_FOR_REQUESTS_MS = 250;

/** Starts the reads of a large set's panels; resolves once their list requests are out (or after a short wait). */
export type PanelsReady = (panels: readonly PanelConfig[]) => Promise<void> | void;

/**
 * The Panels among the documents read so far (the small files of a large set), built on the
 * side (their diagnostics come from the load itself) and handed over before the large files
 * parse and the objects are validated. True when reads started.
 */
export async function startEarlyReads(
  documents: readonly SourceDocument[],
  registry: ProviderCatalog,
  validator: SchemaValidator,
  secrets: SecretSource,
  ready: PanelsReady,
): Promise<boolean> {
  const panelDocs = documents.filter((doc) => {
    const value = doc.value as { apiVersion?: unknown; kind?: unknown } | null;
    return value?.apiVersion === PANEL_API_VERSION && value.kind === 'Panel';
  });
  if (panelDocs.length === 0) return false;
  const panels = panelDocs.map((doc) => buildPanel(doc, registry, validator, secrets, () => undefined));
  const built = panels.filter((p): p is PanelConfig => p !== undefined);
  if (built.length === 0) return false;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ready(built), new Promise<void>((resolve) => (timer = setTimeout(resolve, WAIT_FOR_REQUESTS_MS)))]);
  clearTimeout(timer);
  return true;
}
