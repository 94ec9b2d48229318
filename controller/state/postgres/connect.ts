import { readSecretFile } from '../../manifest/secret-file.ts';
import { makeRedactor } from '../../shared/redact.ts';
import { StateError } from '../backend.ts';

/** How to reach the state database, with the password kept apart from what may be printed. */
export interface StateConnection {
  /** The URL pg connects with: it carries the password, so it is never printed. */
  connectionString: string;
  /** `postgres://user@host:port/db`: safe to print. */
  description: string;
  /** Removes the password, in any spelling, from a text about to leave in an error or a log. */
  redact: (text: string) => string;
}

// Up to the token's last '@': a password may hold an '@' of its own when it was not encoded.
const URL_PASSWORD = /(postgres(?:ql)?:\/\/[^:/@\s]*):\S*@/gi;

/** Replaces the password of every `postgres://user:password@` URL in a text, whatever the password. */
export const redactUrlPassword = (text: string): string => text.replace(URL_PASSWORD, '$1:[redacted]@');

/**
 * Parses `--state postgres://…` (or `PANELOPS_STATE`). The password comes from the URL, else
 * from the file named by `?passwordFile=` (a mounted Secret), else from `PGPASSWORD`, as libpq
 * does. `passwordFile` is panelops' own parameter and is taken out before pg sees the URL.
 */
export async function stateConnection(url: string, env: NodeJS.ProcessEnv): Promise<StateConnection> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not echoed at all: where a URL does not parse, no pattern can be sure where its password ends.
    throw new StateError('the state URL is not a valid URL (expected postgres://user@host:port/database)');
  }
  const passwordFile = parsed.searchParams.get('passwordFile');
  parsed.searchParams.delete('passwordFile');
  let password = parsed.password ? urlPassword(parsed.password) : undefined;
  if (password === undefined && passwordFile) {
    // The rules of a `{ file }` secret: a FIFO or a device is refused, not read for ever.
    try {
      password = readSecretFile(passwordFile, passwordFile);
    } catch (err) {
      throw new StateError(`the state password file is refused: ${(err as Error).message}`);
    }
  }
  password ??= env.PGPASSWORD || undefined;
  if (password !== undefined) parsed.password = encodeURIComponent(password);
  const connectionString = parsed.toString();
  const shown = new URL(connectionString);
  shown.password = '';
  shown.search = '';
  const byValue = makeRedactor(password === undefined ? [] : [password]);
  return {
    connectionString,
    description: `PostgreSQL ${shown.toString()}`,
    redact: (text) => byValue(redactUrlPassword(text)),
  };
}

/** The URL's password decoded; a `%` not followed by two hex digits is named, not a URIError. */
function urlPassword(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new StateError("the password in the state URL has a '%' that is not followed by two hex digits: write it as %25 (or give the password with ?passwordFile= or PGPASSWORD)");
  }
}

/** A database failure as a StateError naming what was being done, with the password taken out. */
export function stateFailure(connection: Pick<StateConnection, 'description' | 'redact'>, doing: string, err: unknown): StateError {
  const reason = err instanceof Error ? err.message || (err as NodeJS.ErrnoException).code || err.name : String(err);
  return new StateError(connection.redact(`${connection.description}: ${doing} failed (${reason})`));
}
