/**
 * How deep a manifest's values may nest. A real manifest stays under ten levels; a file
 * nested a million deep would make every later step (the parse, the duplicate-key scan, the
 * schema check, the YAML reparse for a position) cost gigabytes before rejecting it.
 */
export const MAX_JSON_DEPTH = 128;
