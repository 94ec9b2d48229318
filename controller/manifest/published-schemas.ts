import type { ProviderCatalog } from '../contract/panel.ts';
import { planSchema } from '../contract/plan-schema.ts';
import { documentSchema, listDocumentSchema } from './document-schemas.ts';
import { panelDocumentSchema } from './panel-kind.ts';
import { notifierDocumentSchema } from './notifier-kind.ts';
import { rolloutDocumentSchema } from '../rollout/rollout-kind.ts';
import { notificationBodySchema } from '../notify/webhook-body-schema.ts';
import { placementDocumentSchema, subscriberDocumentSchema, subscriberListDocumentSchema } from '../fleet/subscriber-kind.ts';

/**
 * Every schema panelops publishes under schemas/, by relative file name:
 * Panel.json, Notifier.json, <panel>/<Kind>.json, <panel>/<Kind>List.json, plan.schema.json and
 * notification.schema.json (the webhook notification body).
 */
export function publishedSchemas(registry: ProviderCatalog): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>([
    ['Panel.json', panelDocumentSchema],
    ['plan.schema.json', planSchema],
    ['Notifier.json', notifierDocumentSchema],
    ['notification.schema.json', notificationBodySchema],
    ['Subscriber.json', subscriberDocumentSchema],
    ['SubscriberList.json', subscriberListDocumentSchema],
    ['Placement.json', placementDocumentSchema],
    ['Rollout.json', rolloutDocumentSchema],
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
