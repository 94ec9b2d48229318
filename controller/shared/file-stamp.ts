import { stat } from 'node:fs/promises';

/**
 * What stat says of a regular file (device, inode, size, modification and change times in
 * nanoseconds), to tell that it is the very file read before: every writer of ours replaces a
 * file whole, which changes the inode. Undefined when it cannot be told (missing, not a file).
 */
export async function fileStamp(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path, { bigint: true });
    return s.isFile() ? `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}` : undefined;
  } catch {
    return undefined;
  }
}
