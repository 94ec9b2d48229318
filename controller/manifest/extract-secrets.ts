import type { Spec } from '../providers/types.ts';
import type { DiagnosticAt, RawObject } from './documents-to-objects.ts';
import { isSecretRef, resolveSecret, type SecretSource } from './secrets.ts';

/**
 * Moves an object's secret fields out of its spec: refs are resolved, literals are accepted
 * with a warning. The spec that goes on (to diffs, plans, state) never holds a secret value.
 */
export function extractSecrets(
  raw: RawObject,
  source: SecretSource,
  report: DiagnosticAt,
): { spec: Spec; secrets: Record<string, string>; ok: boolean } {
  const spec: Spec = { ...raw.spec };
  const secrets: Record<string, string> = {};
  let ok = true;
  for (const field of raw.kind.secretFields) {
    const value = spec[field];
    if (value === undefined) continue;
    delete spec[field];
    if (isSecretRef(value)) {
      try {
        secrets[field] = resolveSecret(value, source);
      } catch (err) {
        report(raw.doc, raw.specPath([field]), (err as Error).message);
        ok = false;
      }
    } else if (typeof value === 'string') {
      report(raw.doc, raw.specPath([field]), 'a literal secret in a manifest: use { env: NAME } or { file: PATH }', 'warning');
      secrets[field] = value;
    }
  }
  return { spec, secrets, ok };
}
