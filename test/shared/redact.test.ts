import { describe, expect, it } from 'vitest';
import { makeRedactor, makeVerbatimRedactor, redactSecrets, secretForms } from '../../controller/shared/redact.ts';

const SECRET = 'S3cret pass/ü+"&=!';

describe('redactSecrets', () => {
  it('removes every occurrence of each secret value from a panel message', () => {
    const message = 'ERROR: user bob with password S3cret-pass! and again S3cret-pass! failed';
    expect(redactSecrets(message, { password: 'S3cret-pass!' })).toBe('ERROR: user bob with password [redacted] and again [redacted] failed');
    expect(redactSecrets(message, undefined)).toBe(message);
  });

  it('removes the secret in every form a panel may echo it: raw, JSON-escaped, URL-encoded (%20 and +), base64', () => {
    const echoes = [
      SECRET,
      JSON.stringify({ password: SECRET }),
      JSON.stringify({ password: SECRET }).replace('ü', '\\u00fc'), // Python's json.dumps (ensure_ascii)
      `password=${encodeURIComponent(SECRET)}`,
      new URLSearchParams({ username: 'admin', password: SECRET }).toString(),
      `password=${encodeURIComponent(SECRET).replace(/%20/g, '+')}`,
      Buffer.from(SECRET).toString('base64'),
      `Basic ${Buffer.from(`admin:${SECRET}`).toString('base64')}`,
      `Basic ${Buffer.from(`ad:${SECRET}`).toString('base64')}`,
      `Basic ${Buffer.from(`a:${SECRET}`).toString('base64url')}`,
    ];
    const redact = makeRedactor([SECRET]);
    for (const echo of echoes) {
      const out = redact(`the panel said: ${echo}`);
      expect(out, echo).toContain('[redacted]');
      for (const form of secretForms(SECRET)) expect(out.includes(form), `${echo} still holds ${form}`).toBe(false);
      expect(out).not.toContain('S3cret');
    }
  });

  it('leaves ordinary text alone and ignores values too short to tell from words', () => {
    expect(redactSecrets('user abc is limited', { password: 'abc' })).toBe('user abc is limited');
    expect(makeRedactor([])('nothing to hide')).toBe('nothing to hide');
  });
});

describe('makeVerbatimRedactor: a whole panel of keys, as written', () => {
  const keys = Array.from({ length: 20_000 }, (_, i) => `${String(i).padStart(8, '0')}-4b1c-9c1e-6f1d2a3b4c5d`);
  const redact = makeVerbatimRedactor([...keys, 'short-pw!', 'abc']);

  it('removes any of them anywhere in a text, and leaves other text alone', () => {
    expect(redact(`note: ${keys[12_345] ?? ''} then ${keys[7] ?? ''}.`)).toBe('note: [redacted] then [redacted].');
    expect(redact('pw=short-pw!')).toBe('pw=[redacted]');
    expect(redact('abc is shorter than any secret and stays')).toBe('abc is shorter than any secret and stays');
    expect(redact('00012345-4b1c-9c1e-6f1d2a3b4c5X')).toBe('00012345-4b1c-9c1e-6f1d2a3b4c5X');
  });

  it('an empty set changes nothing', () => {
    expect(makeVerbatimRedactor([])('anything')).toBe('anything');
  });
});
