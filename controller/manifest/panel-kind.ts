import type { PanelConfig, PanelLimits, PanelPolicy, PanelType, ProviderDescription, SourceRef } from '../contract/panel.ts';
import { objectSchema, panelopsDocumentSchema, refOnlySchema, secretRefSchema, stringEnum } from './schema-fragments.ts';

export const PANEL_API_VERSION = 'panelops.io/v1';
export const PANEL_TYPES: readonly PanelType[] = ['marzban', '3x-ui', 'openpanel', 'users-api', 'pasarguard', 'remnawave'];

type AuthField = 'username' | 'password' | 'token' | 'apiKey';

/** The Panel document schema (published as schemas/Panel.json). */
export const panelDocumentSchema: Record<string, unknown> = panelopsDocumentSchema(
  PANEL_API_VERSION,
  'Panel',
  objectSchema(
    {
      type: stringEnum(PANEL_TYPES, 'Which panel software this is.'),
      url: {
        description: 'Base URL, including any web base path; or { env: NAME } to keep it out of git.',
        oneOf: [{ type: 'string', format: 'uri', pattern: '^https?://' }, refOnlySchema('Base URL.')],
      },
      auth: objectSchema({
        username: secretRefSchema('Login name (a plain string is fine: it is not a secret).'),
        password: secretRefSchema('Login password.'),
        token: secretRefSchema('API token (3x-ui, Remnawave Bearer token).'),
        apiKey: secretRefSchema('API key (Users API X-API-Key).'),
      }),
      limits: objectSchema({
        concurrency: { type: 'integer', minimum: 1, maximum: 64 },
        requestsPerSecond: { type: 'number', minimum: 0, description: '0 = no rate limit.' },
        timeoutSeconds: { type: 'number', exclusiveMinimum: 0 },
        pageSize: { type: 'integer', minimum: 1 },
        batchSize: { type: 'integer', minimum: 1 },
        maxResponseMiB: { type: 'integer', minimum: 1, description: 'Byte cap of one answer, in MiB (default 8).' },
        maxListMiB: { type: 'integer', minimum: 1, description: 'Byte cap of a streamed list answer, in MiB (default 512).' },
      }),
      policy: objectSchema({
        prune: { type: 'boolean', description: 'Delete owned objects whose manifests were removed (default true).' },
        mode: stringEnum(['manage', 'observe'], 'manage applies changes; observe only reports drift (default manage).'),
        adopt: { type: 'boolean', description: 'Take over unowned objects that match a manifest (default false).' },
        maxDeletes: { type: 'integer', minimum: 0, description: 'Most deletes one plan may hold on this panel (default 100).' },
        maxDeletePercent: { type: 'number', minimum: 0, maximum: 100, description: 'Most owned objects of a kind one plan may delete, in percent (default 50).' },
        maxMissingPercent: {
          type: 'number',
          minimum: 0,
          maximum: 100,
          description: 'Most owned objects of a kind that may be missing from a panel answer before the plan is blocked instead of re-creating them, in percent (default 50; 100 turns the guard off).',
        },
        ignore: {
          type: 'array',
          description: 'Fields whose panel value is kept: not diffed, and sent back as the panel has them (e.g. users disabled by support staff in the panel UI).',
          items: objectSchema(
            {
              kind: { type: 'string', minLength: 1, description: 'The kind, e.g. User.' },
              field: { type: 'string', minLength: 1, description: 'A spec field, dotted for nested ones (proxies.vless.flow).' },
              name: { type: 'string', minLength: 1, description: 'Only objects whose name matches this glob (* wildcards).' },
              when: { type: 'array', minItems: 1, items: { type: ['string', 'number', 'boolean', 'null'] }, description: 'Only while the panel value is one of these.' },
            },
            ['kind', 'field'],
          ),
        },
      }),
    },
    ['type', 'url'],
  ),
);

export const DEFAULT_POLICY: PanelPolicy = { prune: true, mode: 'manage', adopt: false, maxDeletes: 100, maxDeletePercent: 50, maxMissingPercent: 50 };

export interface RawPanel {
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    type: PanelType;
    url: unknown;
    auth?: Partial<Record<AuthField, unknown>>;
    limits?: Partial<Omit<PanelLimits, 'timeoutMs'>> & { timeoutSeconds?: number };
    policy?: Partial<PanelPolicy>;
  };
}

/** A Panel after schema validation: limits and policy filled with defaults; auth resolved by the caller. */
export function toPanelConfig(raw: RawPanel, url: string, provider: ProviderDescription, auth: Record<string, string>, source: SourceRef): PanelConfig {
  const { timeoutSeconds, ...limits } = raw.spec.limits ?? {};
  return {
    name: raw.metadata.name,
    type: raw.spec.type,
    url: url.replace(/\/+$/, ''),
    auth,
    limits: {
      ...provider.defaultLimits,
      ...limits,
      ...(timeoutSeconds !== undefined ? { timeoutMs: timeoutSeconds * 1000 } : {}),
    },
    policy: { ...DEFAULT_POLICY, ...raw.spec.policy },
    source,
    ...(raw.metadata.labels ? { labels: raw.metadata.labels } : {}),
  };
}

/** Which of the provider's accepted auth field sets is complete; the first missing set otherwise. */
export function missingAuth(provider: ProviderDescription, given: ReadonlySet<string>): string[] | undefined {
  if (provider.authFields.some((set) => set.every((f) => given.has(f)))) return undefined;
  const first = provider.authFields[0] ?? [];
  return first.filter((f) => !given.has(f));
}
