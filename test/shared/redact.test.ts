import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../controller/shared/redact.ts';

describe('redactSecrets', () => {
  it('removes every occurrence of each secret value from a panel message', () => {
    const message = 'ERROR: user bob with password S3cret-pass! and again S3cret-pass! failed';
    expect(redactSecrets(message, { password: 'S3cret-pass!' })).toBe('ERROR: user bob with password [redacted] and again [redacted] failed');
    expect(redactSecrets(message, undefined)).toBe(message);
  });
});
