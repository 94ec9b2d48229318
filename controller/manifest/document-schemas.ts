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

/** Built once per kind: the validator matches a schema to its precompiled code by its text. */
function once(cache: WeakMap<KindDescriptor, Schema>, kind: KindDescriptor, build: (kind: KindDescriptor) => Schema): Schema {
  let schema = cache.get(kind);
  if (!schema) {
    schema = build(kind);
    cache.set(kind, schema);
  }
  return schema;
}

const documentSchemas = new WeakMap<KindDescriptor, Schema>();
const listSchemas = new WeakMap<KindDescriptor, Schema>();

/** The full-document schema of one kind: what an editor validates against, and the loader too. */
export const documentSchema = (kind: KindDescriptor): Schema => once(documentSchemas, kind, buildDocumentSchema);

/**
 * The `<Kind>List` form: `spec.defaults` (any spec fields) merged under each of
 * `spec.items` (a name plus spec fields). Required spec fields are checked after merging.
 */
export const listDocumentSchema = (kind: KindDescriptor): Schema => once(listSchemas, kind, buildListSchema);

function buildDocumentSchema(kind: KindDescriptor): Schema {
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

function buildListSchema(kind: KindDescriptor): Schema {
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
  return once(mergedSchemas, kind, ({ specSchema: { properties: _p, additionalProperties: _a, ...rest } }) => rest);
}
