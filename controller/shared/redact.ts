/**
 * A panel may echo what it was sent in an error, and not always as it was sent: a Python
 * panel escapes non-ASCII in JSON, a login form arrives URL-encoded with `+` for spaces, a
 * Basic header or a token travels as base64. Every such form of a secret is removed, so a
 * message that went through any of them can be logged, printed or stored (issue 13 point 7).
 */

/** Very short values would blank out ordinary words; secrets that short are refused elsewhere. */
const MIN_SECRET_LENGTH = 4;
/** A base64 fragment shorter than this matches too much ordinary text to be worth removing. */
const MIN_BASE64_FRAGMENT = 6;
const REDACTED = '[redacted]';
/** The shortest path, query or segment of a secret URL that is redacted on its own. */
const MIN_URL_PART = 12;

/**
 * The ways a panel may spell a secret back, the secret itself first. A secret URL is also
 * echoed by its parts: a Slack incoming-webhook URL is its path (`/services/T…/B…/<token>`),
 * and a receiver or proxy that echoes only the path must not leak it.
 */
export function secretForms(value: string): string[] {
  return [...new Set([value, ...urlCredentialParts(value)].flatMap(spellings))];
}

/**
 * The parts of a secret http(s) URL that are credentials on their own: its path and query, and
 * their long segments. Short ones (`/hook`) are no credential, and redacting them would blank
 * ordinary words.
 */
function urlCredentialParts(value: string): string[] {
  if (!/^https?:\/\//.test(value)) return [];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  const parts = [`${url.pathname}${url.search}`, url.pathname, url.search.slice(1), ...url.pathname.split('/'), ...url.searchParams.values()];
  return parts.filter((p) => p.length >= MIN_URL_PART);
}

function spellings(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const asciiJson = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const uri = encodeURIComponent(value);
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  const forms = [value, json, asciiJson, asciiJson.replace(/\\u([0-9a-f]{4})/g, (_, h: string) => `\\u${h.toUpperCase()}`), uri, form, uri.replace(/%20/g, '+'), form.replace(/\+/g, '%20')];
  for (const encoded of [uri, form]) forms.push(encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
  // Base64 of each spelling: a panel that logs a raw body in base64 encodes it as it was sent.
  for (const form of new Set(forms)) forms.push(...base64Forms(form));
  return forms;
}

/**
 * Base64 of the secret, and of the secret where it sits at any of the three byte offsets
 * inside a longer encoded text (`user:password` in a Basic header): the characters that
 * depend on the secret's bytes alone, in both alphabets.
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const out: string[] = [bytes.toString('base64')];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const from = Math.ceil((offset * 8) / 6);
    const to = Math.floor(((offset + bytes.length) * 8) / 6);
    if (to - from >= MIN_BASE64_FRAGMENT) out.push(encoded.slice(from, to));
  }
  return out.flatMap((b) => [b, b.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')]);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A function that removes every form of each value from a text; values too short to tell from words are ignored. */
export function makeRedactor(values: Iterable<string>): (text: string) => string {
  const forms = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) continue;
    for (const form of secretForms(value)) forms.add(form);
  }
  if (forms.size === 0) return (text) => text;
  // Longest first, so a form that contains another is removed whole.
  const pattern = new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  return (text) => text.replace(pattern, REDACTED);
}

/** A panel may echo what it was sent in an error: an object's secret values never leave in a message, in any form. */
export function redactSecrets(message: string, secrets: Readonly<Record<string, string>> | readonly string[] | undefined): string {
  if (!secrets) return message;
  return makeRedactor(Array.isArray(secrets) ? secrets : Object.values(secrets))(message);
}

/**
 * Removes every value of a large set (a whole panel's keys) where it appears as written. Each
 * value's other spellings cost more to make than the value itself (at 100,000 subscribers,
 * seconds; and one pattern of every form is too large to compile), so this is the check that
 * scales: the text's substrings of each length a value has are looked up in a set.
 */
export function makeVerbatimRedactor(values: Iterable<string>): (text: string) => string {
  const set = new Set<string>();
  for (const value of values) if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) set.add(value);
  // Longest first, so a value that contains another is removed whole.
  const lengths = [...new Set([...set].map((v) => v.length))].sort((a, b) => b - a);
  if (lengths.length === 0) return (text) => text;
  const shortest = lengths.at(-1) as number;
  return (text) => {
    if (text.length < shortest) return text;
    let out = '';
    let from = 0;
    for (let i = 0; i + shortest <= text.length; ) {
      const found = lengths.find((n) => i + n <= text.length && set.has(text.slice(i, i + n)));
      if (found === undefined) {
        i++;
        continue;
      }
      out += `${text.slice(from, i)}${REDACTED}`;
      i += found;
      from = i;
    }
    return from === 0 ? text : out + text.slice(from);
  };
}
