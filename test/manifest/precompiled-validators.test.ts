import { readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { documentSchema, listDocumentSchema } from '../../controller/manifest/document-schemas.ts';
import { panelDocumentSchema } from '../../controller/manifest/panel-kind.ts';
import { NO_PRECOMPILED, precompiledFrom, type PrecompiledValidators } from '../../controller/manifest/schema-code/precompiled.ts';
import { runtimeSchemas } from '../../controller/manifest/schema-code/runtime-schemas.ts';
import { schemaKey } from '../../controller/manifest/schema-code/schema-key.ts';
import { precompiledModules } from '../../controller/manifest/schema-code/write-precompiled.ts';
import { SchemaValidator } from '../../controller/manifest/validator.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const registry = defaultRegistry();
type Doc = Record<string, unknown> & { apiVersion?: string; kind?: string; spec?: Record<string, unknown> };

/** Every document of the examples, with the schema the loader checks it against. */
async function exampleDocuments(): Promise<Array<{ file: string; doc: Doc; schema: Record<string, unknown> }>> {
  const out: Array<{ file: string; doc: Doc; schema: Record<string, unknown> }> = [];
  for (const example of ['marzban', '3x-ui', 'openpanel', 'users-api', 'remnawave']) {
    for (const file of await readdir(join(ROOT, 'examples', example))) {
      for (const parsed of parseAllDocuments(await readFile(join(ROOT, 'examples', example, file), 'utf8'))) {
        const doc = parsed.toJS() as Doc;
        if (doc.kind === 'Panel') out.push({ file, doc, schema: panelDocumentSchema });
        const provider = registry.forApiVersion(doc.apiVersion ?? '');
        const kind = provider?.kinds.find((k) => k.kind === doc.kind || `${k.kind}List` === doc.kind);
        if (kind) out.push({ file, doc, schema: doc.kind === kind.kind ? documentSchema(kind) : listDocumentSchema(kind) });
      }
    }
  }
  return out;
}

/** Wrong in every way the schemas check: a missing field, a wrong type, an unknown field, a bad value in each spec field. */
function mutations(doc: Doc): Doc[] {
  const { spec: _spec, ...withoutSpec } = doc;
  const out: Doc[] = [{}, withoutSpec, { ...doc, metadata: { name: 42 } }, { ...doc, extra: true }];
  const spec = doc.spec ?? {};
  out.push({ ...doc, spec: { ...spec, notAField: 1 } });
  for (const field of Object.keys(spec)) {
    out.push({ ...doc, spec: { ...spec, [field]: { nonsense: [] } } });
    out.push({ ...doc, spec: { ...spec, [field]: 'x'.repeat(300) } });
    out.push({ ...doc, spec: { ...spec, [field]: -1 } });
  }
  return out.map((d) => JSON.parse(JSON.stringify(d)) as Doc);
}

describe('precompiled validators', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  let built: PrecompiledValidators;
  let used = 0;

  beforeAll(async () => {
    dir = await tempDir();
    // As in the package: the generated modules require Ajv's runtime from node_modules.
    await symlink(join(ROOT, 'node_modules'), join(dir.path, 'node_modules'));
    await writeFiles(join(dir.path, 'validators'), Object.fromEntries([...precompiledModules(registry)].map(([key, source]) => [`${key}.cjs`, source])));
    const fromDir = precompiledFrom(join(dir.path, 'validators'));
    built = { find: (key) => { const fn = fromDir.find(key); if (fn) used++; return fn; } };
  });
  afterAll(() => dir.cleanup());

  it('cover every schema a run validates against', () => {
    const missing = runtimeSchemas(registry).filter((s) => !built.find(schemaKey(s)));
    expect(missing.map((s) => s.$id ?? JSON.stringify(s).slice(0, 80))).toEqual([]);
  });

  it('report exactly what the run-time compiler reports, on the examples and on every kind of mistake', async () => {
    const precompiled = new SchemaValidator(built);
    const compiled = new SchemaValidator(NO_PRECOMPILED);
    const documents = await exampleDocuments();
    expect(documents.length).toBeGreaterThan(20);
    let invalid = 0;
    for (const { file, doc, schema } of documents) {
      expect(precompiled.validate(schema, doc), file).toEqual([]);
      for (const wrong of mutations(doc)) {
        const expected = compiled.validate(schema, wrong);
        expect(precompiled.validate(schema, wrong), `${file}: ${JSON.stringify(wrong).slice(0, 200)}`).toEqual(expected);
        if (expected.length > 0) invalid++;
      }
    }
    expect(invalid).toBeGreaterThan(200);
    expect(used).toBeGreaterThan(0);
  });

  it('are not used for a schema whose text changed after the build', () => {
    const changed = { ...panelDocumentSchema, title: 'Panel, edited after the build' };
    expect(built.find(schemaKey(changed))).toBeUndefined();
    expect(built.find(schemaKey(panelDocumentSchema))).toBeDefined();
  });
});
