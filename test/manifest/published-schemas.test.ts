import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedSchemas, schemaFileText } from '../../controller/manifest/published-schemas.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';

const root = join(import.meta.dirname, '..', '..', 'schemas');

describe('schemas/', () => {
  const schemas = publishedSchemas(defaultRegistry());

  it('covers Panel, the plan and every kind with its List form', () => {
    for (const kind of ['Admin', 'User', 'UserTemplate', 'Node', 'Hosts']) {
      expect(schemas.has(`marzban/${kind}.json`)).toBe(true);
      expect(schemas.has(`marzban/${kind}List.json`)).toBe(true);
    }
    expect(schemas.has('Panel.json')).toBe(true);
    expect(schemas.has('plan.schema.json')).toBe(true);
  });

  it('matches the code (run "npm run schemas" after changing a kind)', async () => {
    for (const [file, schema] of schemas) {
      expect(await readFile(join(root, file), 'utf8'), file).toBe(schemaFileText(schema));
    }
  });
});
