import { isAbsolute, resolve } from 'node:path';
import { readSecretFile } from './secret-file.ts';

/** `{ env: NAME }` or `{ file: PATH }` in a manifest. */
export type SecretRef = { env: string } | { file: string };

export const isSecretRef = (v: unknown): v is SecretRef =>
  typeof v === 'object' && v !== null && (('env' in v && typeof v.env === 'string') || ('file' in v && typeof v.file === 'string'));

export interface SecretSource {
  env: NodeJS.ProcessEnv;
  /** Directory that relative `file` refs are resolved against (the manifest directory). */
  baseDir: string;
  /** Why a ref may not be resolved here (manifests from an untrusted change), or undefined when it may. */
  refuse?: ((ref: SecretRef) => string | undefined) | undefined;
  /** `validate`: an unset variable is not an error (its shape is checked; plan and apply need it set). */
  unsetEnvAllowed?: boolean | undefined;
}

/** What an unset `{ env }` ref resolves to under `validate`: never sent anywhere, never checked as a value. */
export const UNRESOLVED = '\u0000panelops-unresolved\u0000';

/**
 * Resolves a secret reference. The error names the variable or file, never a value.
 * A trailing newline in a file is dropped (files written by `echo` or mounted by Kubernetes).
 */
export function resolveSecret(ref: SecretRef, source: SecretSource): string {
  const refused = source.refuse?.(ref);
  if (refused) throw new Error(refused);
  if ('env' in ref) {
    const value = source.env[ref.env];
    if ((value === undefined || value === '') && source.unsetEnvAllowed) return UNRESOLVED;
    if (value === undefined || value === '') throw new Error(`environment variable ${ref.env} is not set`);
    return value;
  }
  return readSecretFile(isAbsolute(ref.file) ? ref.file : resolve(source.baseDir, ref.file), ref.file);
}
