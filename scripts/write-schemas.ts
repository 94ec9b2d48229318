/** Regenerates schemas/ from the code (npm run schemas); a test fails when they drift apart. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { publishedSchemas, schemaFileText } from '../controller/manifest/published-schemas.ts';
import { defaultRegistry } from '../controller/providers/index.ts';

const root = join(import.meta.dirname, '..', 'schemas');
await rm(root, { recursive: true, force: true });
const schemas = publishedSchemas(defaultRegistry());
for (const [file, schema] of schemas) {
  await mkdir(dirname(join(root, file)), { recursive: true });
  await writeFile(join(root, file), schemaFileText(schema));
}
process.stdout.write(`wrote ${schemas.size} schemas to ${root}\n`);
