import { BYTES_PATTERN, DURATION_PATTERN, INSTANT_PATTERN } from './units.ts';

/** JSON Schema pieces shared by every kind's schema, so units and secret refs read the same everywhere. */
type Schema = Record<string, unknown>;

export const bytesSchema = (description: string): Schema => ({
  description: `${description} Bytes as an integer, or a size like 50GiB / 500MB; 0 or "unlimited" for no limit.`,
  oneOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: BYTES_PATTERN },
  ],
});

export const durationSchema = (description: string): Schema => ({
  description: `${description} Seconds as an integer, or a duration like 30d, 12h, 90m.`,
  oneOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: DURATION_PATTERN },
  ],
});

export const instantSchema = (description: string): Schema => ({
  description: `${description} ISO-8601 (2027-01-31 or 2027-01-31T00:00:00Z), or "never".`,
  type: 'string',
  pattern: INSTANT_PATTERN,
});

/** A secret is never written in a manifest: it comes from the environment or a file. */
/** Only a reference ({ env } / { file }), never a literal. */
export const refOnlySchema = (description: string): Schema => ({
  description: `${description} A reference: { env: NAME } or { file: PATH }.`,
  oneOf: [
    { type: 'object', properties: { env: { type: 'string', minLength: 1 } }, required: ['env'], additionalProperties: false },
    { type: 'object', properties: { file: { type: 'string', minLength: 1 } }, required: ['file'], additionalProperties: false },
  ],
});

export const secretRefSchema = (description: string): Schema => ({
  description: `${description} A secret reference: { env: NAME } or { file: PATH }.`,
  oneOf: [
    {
      type: 'object',
      properties: { env: { type: 'string', minLength: 1 } },
      required: ['env'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { file: { type: 'string', minLength: 1 } },
      required: ['file'],
      additionalProperties: false,
    },
    { type: 'string', minLength: 1, description: 'A literal secret: accepted with a warning.' },
  ],
});

export const stringEnum = (values: readonly string[], description: string): Schema => ({
  type: 'string',
  enum: [...values],
  description,
});

export const objectSchema = (properties: Record<string, Schema>, required: readonly string[] = []): Schema => ({
  type: 'object',
  properties,
  ...(required.length ? { required: [...required] } : {}),
  additionalProperties: false,
});

/**
 * A top-level document of panelops' own (`Panel`, `Notifier`): the same envelope and metadata
 * rules for each, around the kind's spec schema.
 */
export const panelopsDocumentSchema = (apiVersion: string, kind: string, spec: Schema): Schema => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `https://panelops.io/schemas/${kind}.json`,
  title: `${kind} (${apiVersion})`,
  type: 'object',
  properties: {
    apiVersion: { const: apiVersion },
    kind: { const: kind },
    metadata: objectSchema(
      {
        name: { type: 'string', pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$', description: 'Lower-case letters, digits and dashes.' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
      ['name'],
    ),
    spec,
  },
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
});
