const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** What one pass over a JSON text finds before it is parsed. */
export interface JsonTextScan {
  /** The offset of the first bracket that opens past the depth limit, if any. */
  tooDeepAt: number | undefined;
  /** How many strings are member names (followed by a colon); meaningful for text JSON.parse accepts. */
  memberNames: number;
}

/**
 * The depth check and the member-name count in one pass. Strings, where most of a manifest's
 * bytes are, are skipped quote to quote with indexOf; only the few characters between strings
 * are looked at one by one. No allocation, so a nesting bomb costs nothing before it is refused.
 */
export function scanJsonText(text: string, maxDepth: number): JsonTextScan {
  let depth = 0;
  let names = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = text.indexOf('"', i + 1);
      // A quote is escaped when an odd number of backslashes precedes it.
      while (end !== -1 && escaped(text, end)) end = text.indexOf('"', end + 1);
      if (end === -1) break; // an unterminated string: JSON.parse reports it
      i = end + 1;
      let next = text.charCodeAt(i);
      while (next === 32 || next === 9 || next === 10 || next === 13) next = text.charCodeAt(++i);
      if (next === COLON) names++;
      continue;
    }
    if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return { tooDeepAt: i, memberNames: names };
    } else if (c === 0x5d || c === 0x7d) depth--;
    i++;
  }
  return { tooDeepAt: undefined, memberNames: names };
}

function escaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; text.charCodeAt(i) === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 1;
}
