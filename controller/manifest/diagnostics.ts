/**
 * A problem found in the manifests. Loading collects every diagnostic instead of stopping
 * at the first, so an operator fixes a whole pull request in one pass.
 */
export interface Diagnostic {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: number;
  /** JSON pointer into the document, e.g. "/spec/items/3/dataLimit" ("" for the whole document). */
  pointer: string;
  message: string;
}

/** `file:line:col: /pointer: message`, the format editors and CI annotations understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.column}`;
  const tag = d.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${tag}${d.pointer || '/'}: ${d.message}`;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');

/** Thrown when manifests cannot be used; carries every diagnostic. */
export class ManifestError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(`${errors.length} manifest error${errors.length === 1 ? '' : 's'}:\n${errors.map(formatDiagnostic).join('\n')}`);
    this.name = 'ManifestError';
  }
}

export function pointerOf(path: readonly (string | number)[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** An error about a whole file (it cannot be read, is too large...), at its first line unless a position is known. */
export function fileDiagnostic(file: string, message: string, at: { line: number; column: number } = { line: 1, column: 1 }): Diagnostic {
  return { severity: 'error', file, line: at.line, column: at.column, pointer: '', message };
}

/** The 1-based line and column of a character offset in a text. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}
