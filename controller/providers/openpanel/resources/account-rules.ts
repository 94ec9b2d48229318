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

/**
 * The panel's `password_strength` setting (1-100, §10.8). OpenAdmin's API does not report it,
 * so the default is assumed, and every plan that sends a password says so.
 */
export const ASSUMED_STRENGTH = 50;

/** opencli's score for `met` of the 6 criteria: (n·100+3) div 6 (§10.8). */
const scoreOf = (met: number): number => Math.floor((met * 100 + 3) / 6);

/** How many of the 6 criteria a threshold needs: 1-17 → 1, 18-33 → 2, 34-50 → 3, 51-67 → 4, 68-83 → 5, 84-100 → 6. */
export const criteriaFor = (threshold: number): number => [1, 2, 3, 4, 5, 6].find((n) => scoreOf(n) >= threshold) ?? 6;

/** The plan's word on the rule a password was checked against. */
export const assumedRule = (): string =>
  `password checked against OpenPanel's default password_strength ${ASSUMED_STRENGTH} (${criteriaFor(ASSUMED_STRENGTH)} of 6 criteria): the panel's API does not report its setting, and a server set higher refuses the password only after creating the Linux user (openpanel.md §10.8)`;

/**
 * opencli's exact rule (its dictionary check does nothing, §9). Length counts bytes: the
 * checks run in bash in the C locale (§10.8). A password it refuses is refused only after the
 * Linux user exists, leaving a half-created account, so it must never reach the panel.
 */
export function passwordProblem(password: string, threshold = ASSUMED_STRENGTH): string | undefined {
  const bytes = Buffer.byteLength(password, 'utf8');
  const criteria = [bytes >= 8, bytes >= 12, /[a-z]/.test(password), /[A-Z]/.test(password), /[0-9]/.test(password), PUNCTUATION.test(password)];
  const met = criteria.filter(Boolean).length;
  const score = scoreOf(met);
  if (score >= threshold) return undefined;
  return `is too weak for OpenPanel (strength ${score}/100, at least ${threshold} needed: meet ${criteriaFor(threshold)} of length ≥ 8 bytes, length ≥ 12 bytes, lower case, upper case, digit, ASCII punctuation; a space or an accented letter is not a symbol there)`;
}
