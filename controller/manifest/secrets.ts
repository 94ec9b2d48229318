import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/** `{ env: NAME }` or `{ file: PATH }` in a manifest. */
export type SecretRef = { env: string } | { file: string };

export const isSecretRef = (v: unknown): v is SecretRef =>
  typeof v === 'object' && v !== null && (('env' in v && typeof v.env === 'string') || ('file' in v && typeof v.file === 'string'));

export interface SecretSource {
  env: NodeJS.ProcessEnv;
  /** Directory that relative `file` refs are resolved against (the manifest directory). */
  baseDir: string;
}

/**
 * Resolves a secret reference. The error names the variable or file, never a value.
 * A trailing newline in a file is dropped (files written by `echo` or mounted by Kubernetes).
 */
export function resolveSecret(ref: SecretRef, source: SecretSource): string {
  if ('env' in ref) {
    const value = source.env[ref.env];
    if (value === undefined || value === '') throw new Error(`environment variable ${ref.env} is not set`);
    return value;
  }
  const path = isAbsolute(ref.file) ? ref.file : resolve(source.baseDir, ref.file);
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new Error(`secret file ${ref.file} cannot be read (${code})`);
  }
}
