import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { PanelConfig } from '../contract/panel.ts';
import { fileDiagnostic, type Diagnostic } from './diagnostics.ts';
import type { DiagnosticAt } from './documents-to-objects.ts';
import { displayPath } from './manifest-files.ts';
import type { ManifestLimits } from './manifest-limits.ts';
import { PANEL_API_VERSION } from './panel-kind.ts';
import { readManifestDocuments } from './read-manifest-documents.ts';
import { isSecretRef, type SecretRef, type SecretSource } from './secrets.ts';
import type { SourceDocument } from './yaml-documents.ts';

/**
 * Manifests from a change nobody has reviewed yet (a pull request). Its author could point a
 * Panel's `url` at their own server, which would receive the runner's panel credentials at
 * login, or name a runner file or variable in a secret ref. So the Panels (URL, credentials,
 * policy) come only from a trusted directory, such as the base branch's checkout; the change may
 * restate them unchanged, nothing more. Its objects may read no `{ file }` and only the
 * variables allowed here.
 */
export interface UntrustedChange {
  trustedPanelsDir: string;
  /** Variables the change's object manifests may read: names, or `PREFIX_*`. */
  allowEnv?: readonly string[] | undefined;
}

const isPanelDocument = (doc: SourceDocument): boolean => {
  const head = doc.value as { apiVersion?: unknown; kind?: unknown } | null;
  return typeof head === 'object' && head !== null && head.apiVersion === PANEL_API_VERSION && head.kind === 'Panel';
};
const isNotifierDocument = (doc: SourceDocument): boolean => {
  const head = doc.value as { apiVersion?: unknown; kind?: unknown } | null;
  return typeof head === 'object' && head !== null && head.apiVersion === PANEL_API_VERSION && head.kind === 'Notifier';
};
const panelName = (doc: SourceDocument): unknown => (doc.value as { metadata?: { name?: unknown } }).metadata?.name;

/** Why an object of an untrusted change may not resolve a ref (undefined: it may). */
export function untrustedRefPolicy(allowEnv: readonly string[] = []): (ref: SecretRef) => string | undefined {
  const allowed = (name: string) => allowEnv.some((a) => (a.endsWith('*') ? name.startsWith(a.slice(0, -1)) : name === a));
  return (ref) => {
    if ('file' in ref) return `{ file } refs are not read for an untrusted change (--trusted-panels): the file ${ref.file} stays unread`;
    if (allowed(ref.env)) return undefined;
    return `environment variable ${ref.env} may not be read for an untrusted change: only the ones given with --allow-env (${allowEnv.join(', ') || 'none'})`;
  };
}

/** The trusted Panel documents, built with their credentials; the directory's other documents are not looked at. */
export async function readTrustedPanels(
  change: UntrustedChange,
  limits: ManifestLimits,
  build: (doc: SourceDocument, secrets: SecretSource) => PanelConfig | undefined,
  env: NodeJS.ProcessEnv,
  diagnostics: Diagnostic[],
): Promise<{ panels: PanelConfig[]; byName: Map<unknown, SourceDocument>; notifiers: Map<unknown, SourceDocument> }> {
  const dir = resolve(change.trustedPanelsDir);
  const byName = new Map<unknown, SourceDocument>();
  const notifiers = new Map<unknown, SourceDocument>();
  if (!existsSync(dir)) {
    diagnostics.push(fileDiagnostic(displayPath(dir), 'the trusted panel directory (--trusted-panels) does not exist'));
    return { panels: [], byName, notifiers };
  }
  const read = await readManifestDocuments(dir, limits);
  for (const d of read.diagnostics) if (d.severity === 'error') diagnostics.push(d);
  const panels: PanelConfig[] = [];
  for (const doc of read.documents.filter(isNotifierDocument)) notifiers.set(panelName(doc), doc);
  for (const doc of read.documents.filter(isPanelDocument)) {
    byName.set(panelName(doc), doc);
    const panel = build(doc, { env, baseDir: dir });
    if (panel) panels.push(panel);
  }
  if (panels.length === 0 && read.diagnostics.length === 0) diagnostics.push(fileDiagnostic(displayPath(dir), 'the trusted panel directory (--trusted-panels) holds no Panel document'));
  return { panels, byName, notifiers };
}

/** A Panel document of the untrusted change: accepted only as an exact copy of the trusted one. */
export function checkRestatedPanel(doc: SourceDocument, trusted: ReadonlyMap<unknown, SourceDocument>, trustedDir: string, report: DiagnosticAt): void {
  const name = panelName(doc);
  const same = trusted.get(name);
  if (!same) {
    report(doc, ['metadata', 'name'], `Panel ${JSON.stringify(name)} is not in the trusted directory ${displayPath(resolve(trustedDir))}: an untrusted change may not add a Panel (its URL would receive credentials); add it on a trusted branch first`);
  } else if (!isDeepStrictEqual(doc.value, same.value)) {
    report(doc, ['spec'], `Panel ${JSON.stringify(name)} differs from the trusted one (${same.file}:${same.position([]).line}): an untrusted change may not change a Panel's URL, credentials, limits or policy; change it on a trusted branch first`);
  }
}

/**
 * A Notifier the change adds or edits whose `{ env }` variable is not set here: after the merge
 * it could not be built. Reported as an error of the change, at the ref, so the review sees it;
 * only whether the variable is set is looked at, never its value.
 */
export function checkChangedNotifier(doc: SourceDocument, trusted: ReadonlyMap<unknown, SourceDocument>, env: NodeJS.ProcessEnv, report: DiagnosticAt): void {
  const same = trusted.get(panelName(doc));
  if (same && isDeepStrictEqual(doc.value, same.value)) return;
  const spec = (doc.value as { spec?: Record<string, unknown> }).spec ?? {};
  const type = typeof spec.type === 'string' ? spec.type : '';
  const target = spec[type];
  if (typeof target !== 'object' || target === null) return;
  for (const [field, ref] of Object.entries(target)) {
    if (!isSecretRef(ref) || !('env' in ref) || env[ref.env]) continue;
    report(doc, ['spec', type, field], `environment variable ${ref.env} is not set: once merged, this Notifier could not be built and would send nothing; set it wherever the controller and CI run`);
  }
}
