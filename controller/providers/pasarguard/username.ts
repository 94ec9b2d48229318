/**
 * pasarguard.md §5.1: 3-128 characters of A-Za-z0-9 and `-_@.`, no two of `-_@.` in a row (a
 * leading or trailing one is fine). Names are case-sensitive on every database, so keys match
 * exactly. A manifest name the panel would refuse is a schema error at its line.
 */
export const USERNAME_PATTERN = '^(?=[A-Za-z0-9\\-_@.]{3,128}$)(?!.*[\\-_@.]{2})[A-Za-z0-9\\-_@.]+$';

export const usernameSchema = {
  type: 'string',
  pattern: USERNAME_PATTERN,
  description: '3-128 characters: letters, digits and - _ @ ., never two of - _ @ . in a row. Case-sensitive.',
};
