import type { CreateNodeOptions } from 'yaml';

/**
 * How imported objects become YAML: every value written out where it is used. Objects that
 * many users share in memory (shared/interned.ts) would otherwise be written once with an
 * anchor and referred to by alias everywhere else: hard to review and edit, and past a hundred
 * aliases the reader refuses the file as a resource attack.
 */
export const WRITE_OPTIONS: CreateNodeOptions = { aliasDuplicateObjects: false };
