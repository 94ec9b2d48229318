import { stat } from 'node:fs/promises';
import { fileDiagnostic, type Diagnostic } from './diagnostics.ts';
import { displayPath, findManifestFiles } from './manifest-files.ts';
import { DEFAULT_MANIFEST_LIMITS, inMiB, LIMIT_VARIABLES, type ManifestLimits } from './manifest-limits.ts';
import { PANEL_API_VERSION } from './panel-kind.ts';
import { fileStamp } from '../shared/file-stamp.ts';
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
  early?: EarlyDocuments,
): Promise<{ documents: SourceDocument[]; diagnostics: Diagnostic[]; files: string[]; early: boolean }> {
  const { files, problems } = await findManifestFiles(dir);
  cache?.beginLoad(files);
  const byFile = new Map<string, SourceDocument[]>();
  const diagnostics: Diagnostic[] = [...problems];
  let yamlBytes = 0;
  let objects = 0;
  const order = early ? await smallFilesFirst(files, early.fromBytes) : undefined;
  let started = false;
  for (const file of order?.files ?? files) {
    // The Panels are in the small files read so far (as a rule): their reads start before the large lists parse.
    if (early && !started && order?.large?.has(file) && !diagnostics.some((d) => d.severity === 'error')) started = await early.ready([...byFile.values()].flat());
    const shown = displayPath(file);
    const json = /\.json$/i.test(file);
    const max = json ? limits.jsonFileBytes : Math.min(limits.yamlFileBytes, limits.yamlTotalBytes - yamlBytes);
    const hint = json
      ? `${LIMIT_VARIABLES.jsonFileBytes}`
      : max < limits.yamlFileBytes
        ? `all YAML files together may hold ${inMiB(limits.yamlTotalBytes)}, ${LIMIT_VARIABLES.yamlTotalBytes}; large fleets load as JSON`
        : `${LIMIT_VARIABLES.yamlFileBytes}; large fleets load as JSON`;
    const stamp = cache ? await fileStamp(file) : undefined;
    const known = cache?.unchanged(file, stamp);
    let parsed: ParsedFile;
    if (known) {
      // The same file passed every check of readManifestText when it was read.
      if (!json) yamlBytes += known.bytes ?? 0;
      parsed = known;
    } else {
      const read = await readManifestText(file, shown, max, hint);
      if ('problem' in read) {
        diagnostics.push(read.problem);
        continue;
      }
      const bytes = Buffer.byteLength(read.text);
      if (!json) yamlBytes += bytes;
      const parse = (): ParsedFile => {
        const parsed = json ? parseJsonManifestFile(file, read.text, shown, limits.yamlTotalBytes) : parseManifestFile(file, read.text, shown);
        return { ...parsed, objects: parsed.documents.reduce((n, doc) => n + objectCount(doc), 0), bytes };
      };
      parsed = cache ? cache.parse(file, read.text, parse, stamp) : parse();
    }
    objects += parsed.objects;
    if (objects > limits.objects) {
      diagnostics.push(fileDiagnostic(shown, `the manifests hold more than ${limits.objects} objects with this file (${LIMIT_VARIABLES.objects}); nothing more was read`));
      return { documents: [], diagnostics, files, early: started };
    }
    byFile.set(file, parsed.documents);
    for (const d of parsed.diagnostics) diagnostics.push(d);
  }
  // Documents in the files' own order, whatever order they were read in: "first defined at" and
  // every report follow the directory, not the file sizes.
  const documents: SourceDocument[] = [];
  for (const file of files) for (const doc of byFile.get(file) ?? []) documents.push(doc); // no spread: a JSON array can exceed the argument limit
  // Many small files, no large one: the reads still start before the objects are validated.
  if (early && order?.large && !started && !diagnostics.some((d) => d.severity === 'error')) started = await early.ready(documents);
  return { documents, diagnostics, files, early: started };
}

/** A large set's early reads (early-panels.ts): how large, and who starts them. */
export interface EarlyDocuments {
  /** From this many bytes of manifest files together. */
  fromBytes: number;
  /** Given the documents of the small files, before the first large one parses; true when reads started. */
  ready: (documents: readonly SourceDocument[]) => Promise<boolean>;
}

/** Files at least this large hold object lists, not Panels (a Panel document is well under 2 KiB). */
const LIST_FILE_BYTES = 64 * 1024;

/**
 * For a set of `fromBytes` or more: the files smallest first, and which of them are large.
 * A smaller set keeps the directory order and has no `large`: it starts no reads.
 */
async function smallFilesFirst(files: readonly string[], fromBytes: number): Promise<{ files: readonly string[]; large?: Set<string> }> {
  const sizes = new Map(await Promise.all(files.map(async (f) => [f, await stat(f).then((s) => s.size, () => 0)] as const)));
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  if (total < fromBytes) return { files };
  const sorted = [...files].sort((a, b) => (sizes.get(a) ?? 0) - (sizes.get(b) ?? 0));
  return { files: sorted, large: new Set(sorted.filter((f) => (sizes.get(f) ?? 0) >= LIST_FILE_BYTES)) };
}
