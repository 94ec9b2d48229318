/** opencli's checks (openpanel.md §3.2). */
export const FORBIDDEN = new Set(['root', 'admin', 'test', 'nginx', 'apache', 'mysql', 'mariadb', 'docker', 'podman', 'openpanel', 'openadmin', 'www-data', 'www', 'ftp', 'mail', 'user', 'sys', 'bin', 'daemon', 'nobody']);

export const validUsername = (name: string): boolean => /^[a-z][a-z0-9]*$/.test(name) && name.length >= 3 && name.length <= 20;

/** POSIX `[[:punct:]]` in the C locale: ASCII punctuation only; a space or "é" is not a symbol (§9). */
const PUNCT = /[!-/:-@[-`{-~]/;

/** Strength as opencli scores it: 6 criteria, (n*100+3) div 6 must reach the server's password_strength (default 50, 3 criteria, §10.8). */
export function passwordScore(password: string): number {
  const n = [password.length >= 8, password.length >= 12, /[a-z]/.test(password), /[A-Z]/.test(password), /[0-9]/.test(password), PUNCT.test(password)].filter(Boolean).length;
  return Math.floor((n * 100 + 3) / 6);
}

