import type { ProviderCatalog } from '../contract/panel.ts';
import { planSchema } from '../render/plan-schema.ts';
import { documentSchema, listDocumentSchema } from './document-schemas.ts';
import { panelDocumentSchema } from './panel-kind.ts';

/**
 * Every schema panelops publishes under schemas/, by relative file name:
 * Panel.json, <panel>/<Kind>.json, <panel>/<Kind>List.json and plan.schema.json.
 */
export function publishedSchemas(registry: ProviderCatalog): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>([
    ['Panel.json', panelDocumentSchema],
    ['plan.schema.json', planSchema],
  ]);
  for (const provider of registry.all()) {
    for (const kind of provider.kinds) {
      out.set(`${provider.type}/${kind.kind}.json`, documentSchema(kind));
      out.set(`${provider.type}/${kind.kind}List.json`, listDocumentSchema(kind));
    }
  }
  return out;
}

export const schemaFileText = (schema: Record<string, unknown>): string => `${JSON.stringify(schema, null, 2)}\n`;
