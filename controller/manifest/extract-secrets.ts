import type { Spec } from '../contract/panel.ts';
import type { DiagnosticAt, RawObject } from './documents-to-objects.ts';
import { isSecretRef, resolveSecret, type SecretSource } from './secrets.ts';

const NO_SECRETS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Moves an object's secret fields out of its spec: refs are resolved, literals are accepted
 * with a warning. The spec that goes on (to diffs, plans, state) never holds a secret value.
 */
export function extractSecrets(
  raw: RawObject,
  source: SecretSource,
  report: DiagnosticAt,
): { spec: Spec; secrets: Record<string, string>; ok: boolean } {
  const written = raw.spec ?? {};
  // Most kinds and most objects carry no secret: no copy then (a large fleet is mostly these).
  if (!raw.kind.secretFields.some((field) => written[field] !== undefined)) return { spec: written, secrets: NO_SECRETS, ok: true };
  const spec: Spec = { ...written };
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
