import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import { pointerOf } from './diagnostics.ts';

type Schema = Record<string, unknown>;

/** A schema violation at a path inside a document. */
export interface SchemaIssue {
  path: (string | number)[];
  message: string;
}

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped once more.
const addFormats = ((formatsPlugin as unknown as { default?: unknown }).default ?? formatsPlugin) as (ajv: Ajv2020) => void;

/** Compiles each schema once and reports every violation, phrased for operators. */
export class SchemaValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
  private readonly cache = new WeakMap<Schema, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
  }

  validate(schema: Schema, value: unknown): SchemaIssue[] {
    let fn = this.cache.get(schema);
    if (!fn) {
      // Schemas with an $id are compiled once per validator even when rebuilt as new objects.
      const id = typeof schema.$id === 'string' ? schema.$id : undefined;
      fn = (id && this.ajv.getSchema(id)) || this.ajv.compile(schema);
      this.cache.set(schema, fn);
    }
    return fn(value) ? [] : toIssues(fn.errors ?? [], value);
  }
}

function toIssues(errors: ErrorObject[], root: unknown): SchemaIssue[] {
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
    const issue = phrase(e, path);
    const key = `${pointerOf(issue.path)} ${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function phrase(e: ErrorObject, path: (string | number)[]): SchemaIssue {
  const params = e.params as Record<string, unknown>;
  const parent = e.parentSchema as Schema | undefined;
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
