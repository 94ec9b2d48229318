/**
 * The fleet's documents (apiVersion panelops.io/v1): `Subscriber`, its `SubscriberList` form,
 * and `Placement`, which places every subscriber whose labels match its selector.
 */
import { bytesSchema, durationSchema, instantSchema, objectSchema, panelopsDocumentSchema, refOnlySchema, stringEnum } from '../manifest/schema-fragments.ts';
import { PANEL_API_VERSION } from '../manifest/panel-kind.ts';
import { placementFields } from './targets/index.ts';

type Schema = Record<string, unknown>;

export const FLEET_KINDS: ReadonlySet<string> = new Set(['Subscriber', 'SubscriberList', 'Placement']);

const LABELS: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const SUBSCRIBER_NAME: Schema = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^/\\\\\\s]+$', description: 'The username on every panel (each panel type checks its own rules).' };

const placementSchema: Schema = objectSchema({ panel: { type: 'string', minLength: 1, description: 'A Panel of a type the fleet supports.' }, ...placementFields() }, ['panel']);

const credentialsSchema: Schema = {
  description: 'Where the keys come from: { from: PANEL } (its live keys), { derive: { key: { env: NAME } } } (an HMAC of the key and the name), or a reference per credential.',
  oneOf: [
    objectSchema({ from: { type: 'string', minLength: 1 } }, ['from']),
    objectSchema({ derive: objectSchema({ key: refOnlySchema('The fleet key.') }, ['key']) }, ['derive']),
    { ...objectSchema({ vless: refOnlySchema('VLESS UUID.'), trojan: refOnlySchema('Trojan password.'), shadowsocks: refOnlySchema('Shadowsocks password.') }), minProperties: 1 },
  ],
};

const subscriberProperties: Record<string, Schema> = {
  dataLimit: bytesSchema('Traffic quota, exact on every panel.'),
  dataLimitReset: stringEnum(['none', 'day', 'week', 'month', 'year'], 'When used traffic resets.'),
  expire: {
    description: 'An ISO-8601 instant, "never", or { afterFirstUse: 30d } for a delayed start.',
    oneOf: [instantSchema('Expiry.'), objectSchema({ afterFirstUse: durationSchema('Lasts this long from the first connection.') }, ['afterFirstUse'])],
  },
  status: stringEnum(['active', 'disabled'], 'A disabled subscriber stays disabled on every panel.'),
  note: { type: 'string' },
  credentials: credentialsSchema,
  placements: { type: 'array', items: placementSchema, description: 'Panels this subscriber lives on (Placement documents add more by label).' },
};

export const subscriberSpecSchema: Schema = objectSchema(subscriberProperties);

/** A fleet document's envelope; the metadata and spec differ between a Subscriber and its list. */
const fleetDocument = (kind: string, metadata: Schema, spec: Schema, required: readonly string[]): Schema => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `https://panelops.io/schemas/${kind}.json`,
  title: `${kind} (${PANEL_API_VERSION})`,
  type: 'object',
  properties: { apiVersion: { const: PANEL_API_VERSION }, kind: { const: kind }, metadata, spec },
  required: [...required],
  additionalProperties: false,
});

export const subscriberDocumentSchema: Schema = fleetDocument(
  'Subscriber',
  objectSchema({ name: SUBSCRIBER_NAME, labels: LABELS, protect: { type: 'boolean' } }, ['name']),
  subscriberSpecSchema,
  ['apiVersion', 'kind', 'metadata', 'spec'],
);

export const subscriberListDocumentSchema: Schema = fleetDocument(
  'SubscriberList',
  objectSchema({ name: { type: 'string' }, labels: { ...LABELS, description: 'Labels of every item (an item may add its own).' } }),
  objectSchema(
    {
      defaults: subscriberSpecSchema,
      items: { type: 'array', items: objectSchema({ name: SUBSCRIBER_NAME, labels: LABELS, protect: { type: 'boolean' }, ...subscriberProperties }, ['name']) },
    },
    ['items'],
  ),
  ['apiVersion', 'kind', 'spec'],
);

export const placementDocumentSchema: Schema = panelopsDocumentSchema(
  PANEL_API_VERSION,
  'Placement',
  objectSchema(
    {
      selector: objectSchema({ matchLabels: { ...LABELS, minProperties: 1 } }, ['matchLabels']),
      panel: { type: 'string', minLength: 1 },
      ...placementFields(),
    },
    ['selector', 'panel'],
  ),
);
