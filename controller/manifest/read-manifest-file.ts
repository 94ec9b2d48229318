import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileDiagnostic, positionAt, type Diagnostic } from './diagnostics.ts';
import { inMiB } from './manifest-limits.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** C0 control characters other than tab, line feed and carriage return: neither YAML nor JSON text has them raw. */
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F]/; // eslint-disable-line no-control-regex

export type ReadResult = { text: string } | { problem: Diagnostic };

/**
 * Reads a manifest file as text, refusing before it parses anything: a file that is not a
 * regular one (checked on the open descriptor, opened without blocking, so a FIFO swapped in
 * cannot hang the run), one above `maxBytes`, bytes that are not UTF-8 (which would otherwise
 * become U+FFFD silently) and raw control characters such as NUL.
 */
export async function readManifestText(path: string, shown: string, maxBytes: number, limitHint: string): Promise<ReadResult> {
  let buffer: Buffer;
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return { problem: fileDiagnostic(shown, 'not a regular file: a manifest must be a regular file') };
      if (stats.size > maxBytes) {
        return { problem: fileDiagnostic(shown, `the file is ${inMiB(stats.size)}, more than the ${inMiB(maxBytes)} allowed (${limitHint}); nothing was parsed`) };
      }
      buffer = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    return { problem: fileDiagnostic(shown, `the file cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`) };
  }
  if (buffer.length > maxBytes) return { problem: fileDiagnostic(shown, `the file grew past the ${inMiB(maxBytes)} allowed while it was read (${limitHint})`) };
  let text: string;
  try {
    text = strictUtf8.decode(buffer);
  } catch {
    return { problem: fileDiagnostic(shown, 'the file is not valid UTF-8 (manifests are UTF-8 text)', firstInvalidUtf8(buffer)) };
  }
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return { problem: fileDiagnostic(shown, `a raw control character U+${code}${code === '0000' ? ' (NUL)' : ''}: manifests are text`, positionAt(text, control.index)) };
  }
  return { text };
}

/**
 * Line and column of the first byte that is not UTF-8. Decoding replaces it with U+FFFD; the
 * first U+FFFD whose bytes are not the encoded U+FFFD itself is the one (up to there every
 * character is genuine, so character and byte offsets agree).
 */
function firstInvalidUtf8(buffer: Buffer): { line: number; column: number } {
  const text = new TextDecoder('utf-8').decode(buffer);
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) {
    const at = Buffer.byteLength(text.slice(0, i));
    if (buffer[at] !== 0xef || buffer[at + 1] !== 0xbf || buffer[at + 2] !== 0xbd) return positionAt(text, i);
  }
  return { line: 1, column: 1 };
}
