/**
 * An admin password the panel would refuse (pasarguard.md §4): checked when the manifests
 * load, so a weak one never reaches a panel. The messages never quote the password.
 */
export function passwordIssues(password: string): string[] {
  const count = (re: RegExp) => (password.match(re) ?? []).length;
  const issues: string[] = [];
  if (password.length < 12) issues.push('the password needs at least 12 characters');
  if (count(/\d/g) < 2) issues.push('the password needs at least 2 digits');
  if (count(/[A-Z]/g) < 2) issues.push('the password needs at least 2 upper-case letters');
  if (count(/[a-z]/g) < 2) issues.push('the password needs at least 2 lower-case letters');
  if (count(/[!@#$%^&*()\-_=+[\]{}|;:,.<>?/~`]/g) < 1) issues.push('the password needs at least 1 special character (one of !@#$%^&*()-_=+[]{}|;:,.<>?/~`)');
  if (Buffer.byteLength(password, 'utf8') > 72) issues.push('the password must be at most 72 bytes');
  if (password.includes('"')) issues.push('the password must not contain a double quote');
  return issues;
}
