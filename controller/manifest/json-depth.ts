/**
 * How deep a manifest's values may nest. A real manifest stays under ten levels; a file
 * nested a million deep would make every later step (the parse, the duplicate-key scan, the
 * schema check, the YAML reparse for a position) cost gigabytes before rejecting it.
 */
export const MAX_JSON_DEPTH = 128;

/**
 * The offset of the first bracket that opens past `max` levels, or undefined. One pass over
 * the text, no allocation: run before JSON.parse, so a nesting bomb costs nothing.
 */
export function tooDeepAt(text: string, max = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}
