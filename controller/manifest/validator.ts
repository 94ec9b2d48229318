import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { pointerOf } from './diagnostics.ts';
import { createAjv } from './schema-code/ajv-setup.ts';
import { PRECOMPILED_DIR, precompiledFrom, type PrecompiledValidators } from './schema-code/precompiled.ts';
import { schemaKey } from './schema-code/schema-key.ts';

type Schema = Record<string, unknown>;

/** A schema violation at a path inside a document. */
export interface SchemaIssue {
  path: (string | number)[];
  message: string;
}

let buildValidators: PrecompiledValidators | undefined;

/**
 * Reports every violation, phrased for operators. A schema's validator comes from the build
 * (precompiled, matched by the digest of the schema's text) or is compiled once on first use.
 */
export class SchemaValidator {
  private ajv: Ajv2020 | undefined;
  private readonly cache = new WeakMap<Schema, ValidateFunction>();

  constructor(private readonly precompiled: PrecompiledValidators = (buildValidators ??= precompiledFrom(PRECOMPILED_DIR))) {}

  validate(schema: Schema, value: unknown): SchemaIssue[] {
    let fn = this.cache.get(schema);
    if (!fn) {
      fn = this.precompiled.find(schemaKey(schema)) ?? this.compile(schema);
      this.cache.set(schema, fn);
    }
    return fn(value) ? [] : toIssues(fn.errors ?? [], value, schema);
  }

  private compile(schema: Schema): ValidateFunction {
    this.ajv ??= createAjv();
    // Schemas with an $id are compiled once per validator even when rebuilt as new objects.
    const id = typeof schema.$id === 'string' ? schema.$id : undefined;
    return (id && this.ajv.getSchema(id)) || this.ajv.compile(schema);
  }
}

function toIssues(errors: ErrorObject[], root: unknown, schema: Schema): SchemaIssue[] {
  // oneOf/anyOf failures come with one error per branch: keep only the combined one.
  const combined = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath);
  const kept = errors.filter(
    (e) =>
      e.keyword === 'oneOf' ||
      e.keyword === 'anyOf' ||
      !combined.some((p) => e.instancePath === p || (e.instancePath.startsWith(`${p}/`) && e.schemaPath.includes('/oneOf/'))),
  );
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const e of kept) {
    const path = splitPointer(e.instancePath, root);
    const issue = phrase(e, path, parentSchemaOf(schema, e.schemaPath));
    const key = `${pointerOf(issue.path)} ${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function phrase(e: ErrorObject, path: (string | number)[], parent: Schema | undefined): SchemaIssue {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return { path: [...path, String(params.additionalProperty)], message: `unknown field "${String(params.additionalProperty)}"` };
    case 'required':
      return { path, message: `missing required field "${String(params.missingProperty)}"` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'enum':
      return { path, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'oneOf':
    case 'anyOf':
      return { path, message: parent?.description ? `invalid value: ${String(parent.description)}` : `invalid value (${e.message ?? ''})` };
    case 'pattern':
      return { path, message: `${parent?.description ? `invalid value: ${String(parent.description)}` : `must match ${String(params.pattern)}`}` };
    default:
      return { path, message: e.message ?? e.keyword };
  }
}

/**
 * The schema holding the keyword that failed (its description names what is expected), found
 * from the error's schema path. Ajv's `verbose` option would attach it to every error, at the
 * price of validators twice the size: slower to load, and this is only needed on failure.
 */
function parentSchemaOf(schema: Schema, schemaPath: string): Schema | undefined {
  let cursor: unknown = schema;
  const segments = schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1);
  for (const raw of segments) {
    if (!raw) continue;
    cursor = cursor && typeof cursor === 'object' ? (cursor as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return cursor && typeof cursor === 'object' ? (cursor as Schema) : undefined;
}

/** Turns an ajv instancePath into path segments, numeric where the value is an array. */
function splitPointer(pointer: string, root: unknown): (string | number)[] {
  if (!pointer) return [];
  const out: (string | number)[] = [];
  let cursor: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(cursor) ? Number(seg) : seg;
    out.push(key);
    cursor = cursor && typeof cursor === 'object' ? (cursor as Record<string, unknown>)[String(seg)] : undefined;
  }
  return out;
}
