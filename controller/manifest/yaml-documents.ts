import { readFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isNode, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Diagnostic } from './diagnostics.ts';

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

/** Lists `*.yaml` / `*.yml` / `*.json` files below a directory in a stable order (skips dot-folders and node_modules). */
export async function listManifestFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(full);
    }
  };
  if ((await stat(dir)).isDirectory()) await walk(dir);
  else out.push(dir);
  return out;
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
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return; // an empty document, e.g. after a trailing ---
    documents.push({ file: displayName, index, value, position: (path) => locate(doc, lineCounter, path) });
  });
  return { documents, diagnostics };
}

export async function readManifestDocuments(
  dir: string,
): Promise<{ documents: SourceDocument[]; diagnostics: Diagnostic[]; files: string[] }> {
  const files = await listManifestFiles(dir);
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const display = relative(process.cwd(), file) || file;
    const parsed = /\.json$/i.test(file) ? parseJsonManifestFile(file, text, display) : parseManifestFile(file, text, display);
    documents.push(...parsed.documents);
    diagnostics.push(...parsed.diagnostics);
  }
  return { documents, diagnostics, files };
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
 * valid JSON is handed to the YAML parser, which reports where it breaks.
 */
export function parseJsonManifestFile(file: string, text: string, displayName = file): { documents: SourceDocument[]; diagnostics: Diagnostic[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseManifestFile(file, text, displayName);
  }
  let parsed: { docs: Document[]; lc: LineCounter } | undefined;
  // A large file's text is not kept for the rare diagnostic that needs a position: it is read again.
  const kept = text.length <= KEEP_TEXT_BELOW ? text : undefined;
  const positions = () => {
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
      const { docs, lc } = positions();
      const doc = docs[0];
      if (!doc) return { line: 1, column: 1 };
      return locate(doc, lc, isArray ? [index, ...path] : path);
    },
  }));
  return { documents, diagnostics: [] };
}
