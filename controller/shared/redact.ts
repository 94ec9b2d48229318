/** A panel may echo what it was sent in an error: an object's secret values never leave in a message. */
export function redactSecrets(message: string, secrets: Readonly<Record<string, string>> | undefined): string {
  let out = message;
  // Very short values would blank out ordinary words; secrets that short are refused elsewhere.
  for (const value of Object.values(secrets ?? {})) if (value.length >= 4) out = out.split(value).join('[redacted]');
  return out;
}
