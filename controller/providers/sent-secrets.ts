import { makeRedactor } from '../shared/redact.ts';

/** Request headers whose values are credentials: learnt when sent, so no answer can echo them back. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'cookie', 'x-csrf-token'];
/** Credentials learnt over a long run (tokens are renewed) kept for redaction; the oldest go first. */
const LEARNT_LIMIT = 32;
/** Login bodies are small; a large write body is no login and is not worth a redaction pattern. */
const MAX_LEARNT_BODY = 4096;

/**
 * What one panel must never see echoed in a message: its configured auth values, and the
 * credentials the HTTP layer actually sent (tokens, cookies, CSRF tokens, login bodies), which
 * the manifest does not know (issue 13 point 7).
 */
export class SentSecrets {
  private readonly learnt = new Set<string>();
  private redactor: ((text: string) => string) | undefined;

  constructor(private readonly configured: readonly string[] = []) {}

  /** The text without any form of any of them. */
  redact(text: string): string {
    this.redactor ??= makeRedactor([...this.configured, ...this.learnt]);
    return this.redactor(text);
  }

  /** Learns the credentials among request headers (lower-case names). */
  headers(headers: Readonly<Record<string, string>>): void {
    for (const name of CREDENTIAL_HEADERS) {
      const value = headers[name];
      if (!value) continue;
      this.remember(value);
      // "Bearer <token>" and "name=value; name2=value2": the token and each value alone too.
      if (name === 'authorization') this.remember(value.slice(value.indexOf(' ') + 1));
      if (name === 'cookie') for (const pair of value.split(/;\s*/)) this.remember(pair.slice(pair.indexOf('=') + 1));
    }
  }

  /** A body that carries a secret (a login) is itself never echoed, not even redacted: as sent, and as a panel decodes a form. */
  body(body: string, form: Readonly<Record<string, string>> | undefined): void {
    if (body.length > MAX_LEARNT_BODY || this.redact(body) === body) return;
    this.remember(body);
    if (form) this.remember(Object.entries(form).map(([k, v]) => `${k}=${v}`).join('&'));
  }

  private remember(secret: string): void {
    if (this.learnt.has(secret)) return;
    this.learnt.add(secret);
    while (this.learnt.size > LEARNT_LIMIT) this.learnt.delete(this.learnt.values().next().value as string);
    this.redactor = undefined;
  }
}
