import type { KindDescriptor } from '../contract/panel.ts';

type Schema = Record<string, unknown>;

const DEFAULT_NAME: Schema = { type: 'string', minLength: 1, maxLength: 253 };

const metadataSchema = (nameSchema: Schema): Schema => ({
  type: 'object',
  properties: {
    name: nameSchema,
    panel: { type: 'string', minLength: 1, description: 'The Panel this object lives on; optional when exactly one panel of the type exists.' },
    protect: { type: 'boolean', description: 'Never delete this object, even after its manifest is removed.' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['name'],
  additionalProperties: false,
});

/** The full-document schema of one kind: what an editor validates against, and the loader too. */
export function documentSchema(kind: KindDescriptor): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://panelops.io/schemas/${kind.apiVersion.split('.')[0]}/${kind.kind}.json`,
    title: `${kind.kind} (${kind.apiVersion})`,
    type: 'object',
    properties: {
      apiVersion: { const: kind.apiVersion },
      kind: { const: kind.kind },
      metadata: metadataSchema(kind.nameSchema ?? DEFAULT_NAME),
      spec: kind.specSchema,
    },
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    additionalProperties: false,
  };
}

/**
 * The `<Kind>List` form: `spec.defaults` (any spec fields) merged under each of
 * `spec.items` (a name plus spec fields). Required spec fields are checked after merging.
 */
export function listDocumentSchema(kind: KindDescriptor): Schema {
  const props = (kind.specSchema.properties ?? {}) as Record<string, Schema>;
  const itemProps: Record<string, Schema> = {
    name: kind.nameSchema ?? DEFAULT_NAME,
    protect: { type: 'boolean' },
    ...props,
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://panelops.io/schemas/${kind.apiVersion.split('.')[0]}/${kind.kind}List.json`,
    title: `${kind.kind}List (${kind.apiVersion})`,
    type: 'object',
    properties: {
      apiVersion: { const: kind.apiVersion },
      kind: { const: `${kind.kind}List` },
      metadata: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          panel: { type: 'string', minLength: 1 },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
        },
        additionalProperties: false,
      },
      spec: {
        type: 'object',
        properties: {
          defaults: { type: 'object', properties: props, additionalProperties: false },
          items: {
            type: 'array',
            items: { type: 'object', properties: itemProps, required: ['name'], additionalProperties: false },
          },
        },
        required: ['items'],
        additionalProperties: false,
      },
    },
    required: ['apiVersion', 'kind', 'spec'],
    additionalProperties: false,
  };
}

const mergedSchemas = new WeakMap<KindDescriptor, Schema>();

/**
 * What is left to check of a List item once defaults are merged under it: the spec schema
 * without its per-field rules, which the List schema has already applied to every item
 * (required fields and rules across fields remain). Saves re-checking every field of a
 * 100,000-item list.
 */
export function mergedItemSchema(kind: KindDescriptor): Schema {
  let schema = mergedSchemas.get(kind);
  if (!schema) {
    const { properties: _p, additionalProperties: _a, ...rest } = kind.specSchema;
    schema = rest;
    mergedSchemas.set(kind, schema);
  }
  return schema;
}
