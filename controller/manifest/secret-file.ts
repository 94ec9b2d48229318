import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** A secret file is a password or a token: anything larger is not one (design §1). */
export const SECRET_FILE_MAX_BYTES = 64 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a `{ file }` secret: a regular file of at most 64 KiB, valid UTF-8, not empty.
 * The file is opened without blocking and checked on its descriptor, so a FIFO (which
 * would wait forever for a writer), a device (`/dev/zero` never ends) or a file swapped
 * for one after a check is refused instead of read. Errors name the file, never its content.
 */
export function readSecretFile(path: string, shown: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    throw new Error(`secret file ${shown} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Error(`secret file ${shown} is ${describeType(stats)}, not a regular file`);
    if (stats.size > SECRET_FILE_MAX_BYTES) throw new Error(`secret file ${shown} is ${stats.size} bytes, more than the ${SECRET_FILE_MAX_BYTES} a secret may have`);
    // One byte past the cap: a file that grows after fstat is still caught.
    const buffer = Buffer.alloc(SECRET_FILE_MAX_BYTES + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, length);
    if (length > SECRET_FILE_MAX_BYTES) throw new Error(`secret file ${shown} is more than the ${SECRET_FILE_MAX_BYTES} bytes a secret may have`);
    let text: string;
    try {
      text = strictUtf8.decode(buffer.subarray(0, length));
    } catch {
      throw new Error(`secret file ${shown} is not valid UTF-8`);
    }
    const value = text.replace(/\r?\n$/, '');
    if (value === '') throw new Error(`secret file ${shown} is empty`);
    return value;
  } finally {
    closeSync(fd);
  }
}

function describeType(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}
