/** The version of the JSON body the webhook provider POSTs; bumped on any incompatible change. */
export const NOTIFICATION_FORMAT_VERSION = 1;

/** schemas/notification.schema.json: what a webhook receiver can rely on. */
export const notificationBodySchema: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://panelops.io/schemas/notification.schema.json',
  title: 'panelops notification (webhook body)',
  description: 'POSTed as application/json; with a secret, X-Panelops-Signature-256 is "sha256=" and the hex HMAC-SHA256 of the raw body.',
  type: 'object',
  properties: {
    formatVersion: { const: NOTIFICATION_FORMAT_VERSION },
    notifier: { type: 'string', description: 'The Notifier document that sent it.' },
    event: { enum: ['apply-failed', 'guard-blocked', 'drift', 'panel-down', 'invalid-revision', 'revision-applied', 'test'] },
    state: { enum: ['problem', 'reminder', 'update', 'resolved', 'info'], description: 'problem: newly open; reminder: still open; update: open, with new details; resolved: closed; info: a one-off.' },
    key: { type: 'string', description: 'The problem this is about: the same key from problem to resolved.' },
    panel: { type: 'string' },
    title: { type: 'string' },
    lines: { type: 'array', items: { type: 'string' }, description: 'Details, capped: never a full per-object list.' },
    counts: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } }, description: 'Objects per kind and action.' },
    revision: { type: 'string' },
    since: { type: 'string', format: 'date-time', description: 'When the problem was first seen.' },
    at: { type: 'string', format: 'date-time' },
    statusUrl: { type: 'string', format: 'uri' },
  },
  required: ['formatVersion', 'notifier', 'event', 'state', 'key', 'title', 'lines', 'revision', 'at'],
  additionalProperties: false,
};
