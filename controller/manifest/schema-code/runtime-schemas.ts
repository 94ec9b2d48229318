import type { ProviderCatalog } from '../../contract/panel.ts';
import { mergedItemSchema } from '../document-schemas.ts';
import { publishedSchemas } from '../published-schemas.ts';

/** Every schema a run validates against: the published ones and each kind's merged List item. */
export function runtimeSchemas(registry: ProviderCatalog): Record<string, unknown>[] {
  const merged = registry.all().flatMap((p) => p.kinds.map((k) => mergedItemSchema(k)));
  return [...publishedSchemas(registry).values(), ...merged];
}
