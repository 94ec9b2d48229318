/**
 * OpenPanel's account rules, checked before any request (openpanel.md §3.2): opencli
 * checks the password only after the Linux user exists, so a weak one half-creates the
 * account and every retry then fails as "already taken".
 */

/** Lower-case letter first, then letters and digits, 3-20 characters. */
export const USERNAME_PATTERN = '^[a-z][a-z0-9]{2,19}$';

/** Names opencli refuses (a representative part of forbidden_usernames.txt). */
export const FORBIDDEN_USERNAMES = new Set([
  'root', 'admin', 'administrator', 'test', 'nginx', 'apache', 'mysql', 'mariadb', 'docker', 'podman', 'openpanel',
  'openadmin', 'www', 'wwwdata', 'ftp', 'mail', 'postfix', 'dovecot', 'bind', 'named', 'sys', 'daemon', 'bin', 'nobody',
  'sshd', 'caddy', 'redis', 'memcached', 'elasticsearch', 'opensearch', 'varnish', 'openresty', 'csf', 'clamav', 'user',
]);

/** POSIX `[[:punct:]]`: ASCII punctuation only. A space or a letter such as "é" is not a symbol there (§9). */
const PUNCTUATION = /[!-/:-@[-`{-~]/;

/** The panel's default strength: 3 of 6 criteria, i.e. a score of 50/100 (§3.2). */
export const MIN_CRITERIA = 3;

/**
 * opencli's exact rule (its dictionary check does nothing, §9). A password it refuses is
 * refused only after the Linux user exists, leaving a half-created account, so it must never
 * reach the panel.
 */
export function passwordProblem(password: string): string | undefined {
  const criteria = [password.length >= 8, password.length >= 12, /[a-z]/.test(password), /[A-Z]/.test(password), /[0-9]/.test(password), PUNCTUATION.test(password)];
  const met = criteria.filter(Boolean).length;
  if (met >= MIN_CRITERIA) return undefined;
  const score = Math.floor((met * 100 + 3) / 6);
  return `is too weak for OpenPanel (strength ${score}/100, at least 50 needed: meet 3 of length ≥ 8, length ≥ 12, lower case, upper case, digit, ASCII punctuation; a space or an accented letter is not a symbol there)`;
}
