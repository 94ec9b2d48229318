import { ACTIONS, GUARD_NAMES, PLAN_FORMAT_VERSION } from './plan.ts';

/** The JSON plan format (`plan --format json`, saved plan files), published as schemas/plan.schema.json. */
export const planSchema: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://panelops.io/schemas/plan.schema.json',
  title: 'panelops plan',
  type: 'object',
  required: ['formatVersion', 'createdAt', 'source', 'panels', 'warnings'],
  additionalProperties: false,
  properties: {
    formatVersion: { const: PLAN_FORMAT_VERSION },
    createdAt: { type: 'string', format: 'date-time' },
    source: { type: 'string', description: 'The manifest directory the plan was made from.' },
    warnings: { type: 'array', items: { type: 'string' } },
    panels: { type: 'array', items: { $ref: '#/$defs/panelPlan' } },
  },
  $defs: {
    panelPlan: {
      type: 'object',
      required: ['panel', 'type', 'mode', 'operations', 'notes', 'managed', 'unmanaged', 'guards'],
      additionalProperties: false,
      properties: {
        panel: { type: 'string' },
        type: { enum: ['marzban', '3x-ui', 'openpanel', 'users-api', 'pasarguard', 'remnawave', 'unknown'] },
        mode: { enum: ['manage', 'observe'] },
        operations: { type: 'array', items: { $ref: '#/$defs/operation' } },
        notes: {
          type: 'array',
          items: {
            type: 'object',
            required: ['kind', 'key', 'message'],
            additionalProperties: false,
            properties: {
              kind: { type: 'string' },
              key: { type: 'string' },
              message: { type: 'string' },
              attention: { type: 'boolean', description: 'panelops cannot settle this object by itself: it waits for an operator.' },
            },
          },
        },
        managed: { $ref: '#/$defs/countsByKind' },
        unmanaged: { $ref: '#/$defs/countsByKind' },
        guards: { type: 'array', items: { $ref: '#/$defs/guard' } },
        error: { type: 'string', description: 'Set when the panel could not be observed; nothing is planned for it.' },
        subscribers: {
          type: 'object',
          description: 'Subscribers placed on this panel: in sync, pending (operations planned) and refused (held back).',
          required: ['inSync', 'pending', 'refused'],
          additionalProperties: false,
          properties: { inSync: { type: 'integer', minimum: 0 }, pending: { type: 'integer', minimum: 0 }, refused: { type: 'integer', minimum: 0 } },
        },
      },
    },
    operation: {
      type: 'object',
      required: ['id', 'panel', 'kind', 'key', 'action', 'changes', 'dependsOn'],
      additionalProperties: false,
      properties: {
        id: { type: 'string' },
        panel: { type: 'string' },
        kind: { type: 'string' },
        key: { type: 'string' },
        action: { enum: [...ACTIONS] },
        changes: { type: 'array', items: { $ref: '#/$defs/change' } },
        members: { type: 'array', items: { type: 'string' } },
        fingerprint: { type: 'string', description: 'Hash of the live object the operation was planned against.' },
        desiredHash: { type: 'string', description: 'Hash of the desired object, secrets salted.' },
        dependsOn: { type: 'array', items: { type: 'string' } },
      },
    },
    change: {
      type: 'object',
      required: ['path'],
      additionalProperties: false,
      properties: {
        path: { type: 'string' },
        before: {},
        after: {},
        secret: { type: 'boolean', description: 'A secret field: no values are ever written.' },
        firstSet: { type: 'boolean', description: 'A secret panelops has never sent (no hash recorded): it is set, not changed.' },
        display: {
          type: 'object',
          additionalProperties: false,
          description: 'before / after in the units manifests use (20GiB, 30d, 2027-01-31), for reviewers.',
          properties: { before: {}, after: {} },
        },
      },
      not: { required: ['secret', 'after'] },
    },
    guard: {
      type: 'object',
      required: ['panel', 'guard', 'message'],
      additionalProperties: false,
      properties: {
        panel: { type: 'string' },
        guard: { enum: [...GUARD_NAMES] },
        kind: { type: 'string' },
        message: { type: 'string' },
      },
    },
    countsByKind: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
  },
};
