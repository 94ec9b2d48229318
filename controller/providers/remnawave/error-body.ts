import { excerpt } from '../errors.ts';

/**
 * Remnawave's three error bodies as one line (remnawave.md §3):
 * - coded: `{message, errorCode}` from the services, read as `message (A019)`;
 * - validation: `{message: "Validation failed", errors: [{path, message}]}`, read as
 *   `Validation failed: activeInternalSquads.0: Invalid uuid`;
 * - Nest's default: `{message, error, statusCode}` from guards, unknown routes and bad JSON.
 * Anything else is shown as an excerpt of the text.
 */
export function errorText(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return excerpt(body) || '(empty body)';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return excerpt(body);
  const o = parsed as { message?: unknown; errorCode?: unknown; errors?: unknown };
  const message = Array.isArray(o.message) ? o.message.map(String).join('; ') : typeof o.message === 'string' ? o.message : undefined;
  if (Array.isArray(o.errors) && o.errors.length > 0) return excerpt(`${message ?? 'Validation failed'}: ${o.errors.map(issueText).join('; ')}`);
  if (typeof o.errorCode === 'string') return excerpt(`${message ?? 'error'} (${o.errorCode})`);
  // Nest's `error` is the status's reason phrase (Forbidden, Not Found): the message says more.
  if (message !== undefined) return excerpt(message);
  return excerpt(body);
}

/** The panel's code (`A025`), when the body is a coded error. */
export function errorCode(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { errorCode?: unknown } | null)?.errorCode;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function issueText(issue: unknown): string {
  if (!issue || typeof issue !== 'object') return String(issue);
  const { path, message } = issue as { path?: unknown; message?: unknown };
  const where = Array.isArray(path) && path.length ? `${path.map(String).join('.')}: ` : '';
  return `${where}${typeof message === 'string' ? message : JSON.stringify(issue)}`;
}
