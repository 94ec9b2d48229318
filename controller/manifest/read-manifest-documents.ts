import { fileDiagnostic, type Diagnostic } from './diagnostics.ts';
import { displayPath, findManifestFiles } from './manifest-files.ts';
import { DEFAULT_MANIFEST_LIMITS, inMiB, LIMIT_VARIABLES, type ManifestLimits } from './manifest-limits.ts';
import { PANEL_API_VERSION } from './panel-kind.ts';
import type { ManifestCache, ParsedFile } from './manifest-cache.ts';
import { readManifestText } from './read-manifest-file.ts';
import { parseJsonManifestFile, parseManifestFile, type SourceDocument } from './yaml-documents.ts';

/** Objects a document stands for: a List's items, none for a Panel, else one. */
function objectCount(doc: SourceDocument): number {
  const value = doc.value as { apiVersion?: unknown; spec?: { items?: unknown } } | null;
  if (value?.apiVersion === PANEL_API_VERSION) return 0;
  const items = value?.spec?.items;
  return Array.isArray(items) ? items.length : 1;
}

/**
 * Reads and parses every manifest file below a directory, within the limits: a file past its
 * size limit is refused before it is read, and once the manifests hold more objects than
 * allowed, the file that crossed the line is named and nothing more is read. Every problem is
 * a diagnostic naming the file.
 */
export async function readManifestDocuments(
  dir: string,
  limits: ManifestLimits = DEFAULT_MANIFEST_LIMITS,
  cache?: ManifestCache,
): Promise<{ documents: SourceDocument[]; diagnostics: Diagnostic[]; files: string[] }> {
  const { files, problems } = await findManifestFiles(dir);
  cache?.beginLoad(files);
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [...problems];
  let yamlBytes = 0;
  let objects = 0;
  for (const file of files) {
    const shown = displayPath(file);
    const json = /\.json$/i.test(file);
    const max = json ? limits.jsonFileBytes : Math.min(limits.yamlFileBytes, limits.yamlTotalBytes - yamlBytes);
    const hint = json
      ? `${LIMIT_VARIABLES.jsonFileBytes}`
      : max < limits.yamlFileBytes
        ? `all YAML files together may hold ${inMiB(limits.yamlTotalBytes)}, ${LIMIT_VARIABLES.yamlTotalBytes}; large fleets load as JSON`
        : `${LIMIT_VARIABLES.yamlFileBytes}; large fleets load as JSON`;
    const read = await readManifestText(file, shown, max, hint);
    if ('problem' in read) {
      diagnostics.push(read.problem);
      continue;
    }
    if (!json) yamlBytes += Buffer.byteLength(read.text);
    const parse = (): ParsedFile => {
      const parsed = json ? parseJsonManifestFile(file, read.text, shown, limits.yamlTotalBytes) : parseManifestFile(file, read.text, shown);
      return { ...parsed, objects: parsed.documents.reduce((n, doc) => n + objectCount(doc), 0) };
    };
    const parsed = cache ? cache.parse(file, read.text, parse) : parse();
    objects += parsed.objects;
    if (objects > limits.objects) {
      diagnostics.push(fileDiagnostic(shown, `the manifests hold more than ${limits.objects} objects with this file (${LIMIT_VARIABLES.objects}); nothing more was read`));
      return { documents: [], diagnostics, files };
    }
    for (const doc of parsed.documents) documents.push(doc); // no spread: a JSON array can exceed the argument limit
    for (const d of parsed.diagnostics) diagnostics.push(d);
  }
  return { documents, diagnostics, files };
}
