import { PANEL_API_VERSION } from './panel-kind.ts';
import { durationSchema, objectSchema, panelopsDocumentSchema, refOnlySchema, stringEnum } from './schema-fragments.ts';

/** What a Notifier can be told about (issue 16). `revision-applied` is off unless listed. */
export const NOTIFY_EVENTS = ['apply-failed', 'guard-blocked', 'drift', 'panel-down', 'invalid-revision', 'revision-applied'] as const;
export type NotifyEventName = (typeof NOTIFY_EVENTS)[number];
export const DEFAULT_NOTIFY_EVENTS: readonly NotifyEventName[] = NOTIFY_EVENTS.filter((e) => e !== 'revision-applied');

export const NOTIFIER_TYPES = ['telegram', 'slack', 'webhook'] as const;
export type NotifierType = (typeof NOTIFIER_TYPES)[number];

/** Seconds between reminders of a problem that is still open, unless the Notifier says otherwise. */
export const DEFAULT_REMIND_AFTER_SECONDS = 4 * 3600;

const urlSchema = (description: string) => ({ type: 'string', format: 'uri', pattern: '^https?://', description });

/** The Notifier document schema (published as schemas/Notifier.json). Every secret is a reference, never a literal. */
export const notifierDocumentSchema: Record<string, unknown> = panelopsDocumentSchema(
  PANEL_API_VERSION,
  'Notifier',
  objectSchema(
    {
      type: stringEnum(NOTIFIER_TYPES, 'Where messages go: telegram, slack or webhook.'),
      telegram: objectSchema(
        {
          botToken: refOnlySchema('Bot API token.'),
          chatId: { oneOf: [{ type: 'integer' }, { type: 'string', minLength: 1 }], description: 'Chat id, or @channelname.' },
          threadId: { type: 'integer', minimum: 1, description: 'Forum topic (message_thread_id).' },
          apiUrl: urlSchema('Bot API base URL (default https://api.telegram.org), e.g. a local Bot API server or a proxy.'),
        },
        ['botToken', 'chatId'],
      ),
      slack: objectSchema({ webhookUrl: refOnlySchema('Incoming-webhook URL: it is the credential.') }, ['webhookUrl']),
      webhook: objectSchema(
        {
          url: refOnlySchema('Where the JSON body (schemas/notification.schema.json) is POSTed.'),
          secret: refOnlySchema('HMAC-SHA256 key: the body is signed in X-Panelops-Signature-256.'),
        },
        ['url'],
      ),
      events: {
        type: 'array',
        uniqueItems: true,
        items: stringEnum(NOTIFY_EVENTS, 'An event to send.'),
        description: `Events to send (default: every one but revision-applied).`,
      },
      panels: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, description: 'Panel names, * wildcards (default: every panel).' },
      remindAfter: durationSchema('Repeat a problem still open after this long; 0 = never (default 4h).'),
      statusUrl: urlSchema('Link put in every message, e.g. https://panelops.example.com/status.'),
    },
    ['type'],
  ),
);

export interface RawNotifier {
  metadata: { name: string };
  spec: {
    type: NotifierType;
    telegram?: { botToken: unknown; chatId: string | number; threadId?: number; apiUrl?: string };
    slack?: { webhookUrl: unknown };
    webhook?: { url: unknown; secret?: unknown };
    events?: NotifyEventName[];
    panels?: string[];
    remindAfter?: string | number;
    statusUrl?: string;
  };
}

/** Where one Notifier sends, with its secrets resolved (they never leave in a message or a log line). */
export type NotifierTarget =
  | { type: 'telegram'; botToken: string; chatId: string; threadId?: number; apiUrl: string }
  | { type: 'slack'; webhookUrl: string }
  | { type: 'webhook'; url: string; secret?: string };

/** A Notifier after validation: defaults filled, secret refs resolved. */
export interface NotifierConfig {
  name: string;
  target: NotifierTarget;
  events: readonly NotifyEventName[];
  /** Globs over panel names; events about no panel (an invalid revision) ignore them. */
  panels: readonly string[];
  remindAfterMs: number;
  statusUrl?: string;
  /** The resolved secrets, for redaction. */
  secrets: readonly string[];
}

/**
 * A Notifier whose secrets could not be resolved (a variable not set on this machine). It is a
 * warning, never a manifest error: a receiver that cannot be reached must not stop the panels'
 * reconciliation. Reported in the plan's warnings, /status, a metric and the log.
 */
export interface UnbuiltNotifier {
  name: string;
  /** `file:line` of its document. */
  at: string;
  reason: string;
}
