import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { fileDiagnostic, positionAt, type Diagnostic } from './diagnostics.ts';
import { hasDuplicateKeys } from './json-duplicate-keys.ts';
import { MAX_JSON_DEPTH } from './json-depth.ts';
import { scanJsonText } from './json-text-scan.ts';

export { listManifestFiles } from './manifest-files.ts';

/** Aliases one document may expand: a few hundred `<<: *defaults` are normal, a billion-laughs bomb is not. */
const MAX_ALIAS_COUNT = 100;

/** One YAML document of a manifest file, with what is needed to point at its fields. */
export interface SourceDocument {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  /** The parsed document. A large JSON list may drop it once expanded (see reread). */
  value: unknown;
  /** Parses the document again from disk: JSON files only, whose values are not kept. */
  reread?: () => unknown;
  /** Line and column (1-based) of the node at a path, or of its nearest existing parent. */
  position(path: readonly (string | number)[]): { line: number; column: number };
}

/** Parses one file's documents; syntax errors (including duplicate keys) become diagnostics. */
export function parseManifestFile(
  file: string,
  text: string,
  displayName = file,
): { documents: SourceDocument[]; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const documents: SourceDocument[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, index) => {
    for (const err of [...doc.errors, ...doc.warnings]) {
      const pos = lineCounter.linePos(err.pos[0]);
      diagnostics.push({
        severity: doc.errors.includes(err) ? 'error' : 'warning',
        file: displayName,
        line: pos.line,
        column: pos.col,
        pointer: '',
        message: `YAML: ${err.message.split('\n')[0]}`,
      });
    }
    if (doc.errors.length > 0) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      // yaml throws when aliases expand past the count (an alias bomb), or for an alias it cannot resolve.
      diagnostics.push(fileDiagnostic(displayName, `YAML: ${(err as Error).message.split('\n')[0]}`, locate(doc, lineCounter, [])));
      return;
    }
    if (value === null || value === undefined) return; // an empty document, e.g. after a trailing ---
    documents.push({ file: displayName, index, value, position: (path) => locate(doc, lineCounter, path) });
  });
  return { documents, diagnostics };
}

function locate(doc: Document, lc: LineCounter, path: readonly (string | number)[]): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

const KEEP_TEXT_BELOW = 1 << 20;

/**
 * A JSON manifest file (one document, or an array of documents). JSON.parse reads large
 * fleets many times faster than a YAML parser; positions are computed only when a
 * diagnostic needs one, by parsing the text again as YAML (JSON is YAML). Text that is not
 * valid JSON is handed to the YAML parser, which reports where it breaks. `yamlMaxBytes` is
 * the largest text given to the YAML parser for that.
 */
export function parseJsonManifestFile(file: string, text: string, displayName = file, yamlMaxBytes = Infinity): { documents: SourceDocument[]; diagnostics: Diagnostic[] } {
  let value: unknown;
  const bytes = Buffer.byteLength(text);
  const scan = scanJsonText(text, MAX_JSON_DEPTH);
  const deep = scan.tooDeepAt;
  if (deep !== undefined) {
    return { documents: [], diagnostics: [fileDiagnostic(displayName, `JSON: nested more than ${MAX_JSON_DEPTH} levels deep; a manifest never needs that many`, positionAt(text, deep))] };
  }
  try {
    value = JSON.parse(text);
  } catch (err) {
    if (bytes <= yamlMaxBytes) return parseManifestFile(file, text, displayName);
    // Too large to hand to the YAML parser for a position: JSON.parse's own offset is used.
    const offset = /position (\d+)/.exec((err as Error).message)?.[1];
    return { documents: [], diagnostics: [fileDiagnostic(displayName, `JSON: ${(err as Error).message}`, offset ? positionAt(text, Number(offset)) : undefined)] };
  }
  if (hasDuplicateKeys(text, value, scan.memberNames)) return duplicateKeysIn(file, text, displayName, bytes <= yamlMaxBytes);
  let parsed: { docs: Document[]; lc: LineCounter } | undefined;
  // A large file's text is not kept for the rare diagnostic that needs a position: it is read again.
  const kept = text.length <= KEEP_TEXT_BELOW ? text : undefined;
  const positions = () => {
    // Past the YAML limit the parse would cost gigabytes of memory: such a file's diagnostics point at its first line.
    if (bytes > yamlMaxBytes) return undefined;
    if (!parsed) {
      const lc = new LineCounter();
      parsed = { docs: parseAllDocuments(kept ?? readFileSync(file, 'utf8'), { lineCounter: lc }) as Document[], lc };
    }
    return parsed;
  };
  const isArray = Array.isArray(value);
  const values = isArray ? (value as unknown[]) : [value];
  let again: unknown[] | undefined;
  const documents = values.map((v, index): SourceDocument => ({
    file: displayName,
    index,
    value: v,
    reread: () => {
      if (!again) {
        const parsedAgain: unknown = JSON.parse(kept ?? readFileSync(file, 'utf8'));
        again = isArray ? (parsedAgain as unknown[]) : [parsedAgain];
      }
      return again[index];
    },
    position: (path) => {
      const at = positions();
      const doc = at?.docs[0];
      if (!at || !doc) return { line: 1, column: 1 };
      return locate(doc, at.lc, isArray ? [index, ...path] : path);
    },
  }));
  return { documents, diagnostics: [] };
}

/**
 * A JSON file that repeats a name in an object: the YAML parser (JSON is YAML) says where,
 * when the file is small enough for it; a larger one is refused as a whole.
 */
function duplicateKeysIn(file: string, text: string, displayName: string, locatable: boolean): { documents: SourceDocument[]; diagnostics: Diagnostic[] } {
  const refused = { documents: [], diagnostics: [fileDiagnostic(displayName, 'JSON: a name is repeated inside an object (JSON.parse would keep only the last value); the file is too large to say where')] };
  if (!locatable) return refused;
  const parsed = parseManifestFile(file, text, displayName);
  return parsed.diagnostics.some((d) => d.severity === 'error') ? { documents: [], diagnostics: parsed.diagnostics } : refused;
}
