import { createHash } from 'node:crypto';

/**
 * What a schema is known by among the precompiled validators: a digest of its JSON text, so a
 * schema that changed after the build is never checked by the validator of its old text.
 */
export const schemaKey = (schema: Record<string, unknown>): string => createHash('sha1').update(JSON.stringify(schema)).digest('hex');
