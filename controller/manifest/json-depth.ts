import { scanJsonText } from './json-text-scan.ts';

/**
 * How deep a manifest's values may nest. A real manifest stays under ten levels; a file
 * nested a million deep would make every later step (the parse, the duplicate-key scan, the
 * schema check, the YAML reparse for a position) cost gigabytes before rejecting it.
 */
export const MAX_JSON_DEPTH = 128;

/** The offset of the first bracket that opens past `max` levels, or undefined (see scanJsonText). */
export function tooDeepAt(text: string, max = MAX_JSON_DEPTH): number | undefined {
  return scanJsonText(text, max).tooDeepAt;
}
