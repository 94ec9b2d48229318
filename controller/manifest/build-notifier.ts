import type { DiagnosticAt } from './documents-to-objects.ts';
import {
  DEFAULT_NOTIFY_EVENTS,
  DEFAULT_REMIND_AFTER_SECONDS,
  notifierDocumentSchema,
  type NotifierConfig,
  type NotifierTarget,
  type RawNotifier,
  type UnbuiltNotifier,
} from './notifier-kind.ts';
import { isSecretRef, resolveSecret, type SecretSource } from './secrets.ts';
import { parseDurationSeconds } from './units.ts';
import type { SchemaValidator } from './validator.ts';
import type { SourceDocument } from './yaml-documents.ts';

const TELEGRAM_API = 'https://api.telegram.org';

/**
 * Validates a Notifier document and resolves its secret refs the way a Panel's auth is resolved.
 * Without a secret source (an untrusted change) only the schema is checked. A secret that cannot
 * be resolved is a warning and an entry in `unbuilt`: the Notifier is left out, the rest goes on.
 */
export function buildNotifier(
  doc: SourceDocument,
  validator: SchemaValidator,
  secrets: SecretSource | undefined,
  report: DiagnosticAt,
  unbuilt: UnbuiltNotifier[] = [],
): NotifierConfig | undefined {
  const issues = validator.validate(notifierDocumentSchema, doc.value);
  for (const issue of issues) report(doc, issue.path, issue.message);
  if (issues.length > 0 || !secrets) return undefined;
  const raw = doc.value as RawNotifier;
  const { spec } = raw;
  const resolved: string[] = [];
  let failed: string | undefined;
  const fail = (path: string[], reason: string) => {
    failed ??= reason;
    report(doc, ['spec', ...path], `Notifier "${raw.metadata.name}" is not built, nothing is sent through it (everything else goes on): ${reason}`, 'warning');
  };
  const secret = (value: unknown, path: string[]): string => {
    try {
      const v = isSecretRef(value) ? resolveSecret(value, secrets).trim() : '';
      resolved.push(v);
      return v;
    } catch (err) {
      fail(path, (err as Error).message);
      return '';
    }
  };
  // Never quote the value: a URL that is a credential stays out of the diagnostic.
  const url = (value: string, path: string[]): string => {
    if (value && !/^https?:\/\/\S+$/.test(value)) fail(path, 'the referenced value is not an http(s) URL');
    return value;
  };
  const sub = spec[spec.type];
  if (!sub) {
    report(doc, ['spec'], `a ${spec.type} Notifier needs spec.${spec.type}`);
    return undefined;
  }
  let target: NotifierTarget;
  if (spec.type === 'telegram' && spec.telegram) {
    const t = spec.telegram;
    target = {
      type: 'telegram',
      botToken: secret(t.botToken, ['telegram', 'botToken']),
      chatId: String(t.chatId),
      ...(t.threadId !== undefined ? { threadId: t.threadId } : {}),
      apiUrl: (t.apiUrl ?? TELEGRAM_API).replace(/\/+$/, ''),
    };
  } else if (spec.type === 'slack' && spec.slack) {
    target = { type: 'slack', webhookUrl: url(secret(spec.slack.webhookUrl, ['slack', 'webhookUrl']), ['slack', 'webhookUrl']) };
  } else {
    const w = spec.webhook!;
    const hmac = w.secret !== undefined ? secret(w.secret, ['webhook', 'secret']) : undefined;
    target = { type: 'webhook', url: url(secret(w.url, ['webhook', 'url']), ['webhook', 'url']), ...(hmac ? { secret: hmac } : {}) };
  }
  if (failed !== undefined) {
    unbuilt.push({ name: raw.metadata.name, at: `${doc.file}:${doc.position(['metadata', 'name']).line}`, reason: failed });
    return undefined;
  }
  return {
    name: raw.metadata.name,
    target,
    events: spec.events ?? DEFAULT_NOTIFY_EVENTS,
    panels: spec.panels ?? ['*'],
    remindAfterMs: (spec.remindAfter !== undefined ? parseDurationSeconds(spec.remindAfter) : DEFAULT_REMIND_AFTER_SECONDS) * 1000,
    ...(spec.statusUrl ? { statusUrl: spec.statusUrl } : {}),
    secrets: resolved.filter(Boolean),
  };
}

/** Builds a Notifier into the list, refusing a second one of the same name. */
export function addNotifier(
  list: NotifierConfig[],
  doc: SourceDocument,
  validator: SchemaValidator,
  secrets: SecretSource | undefined,
  report: DiagnosticAt,
  unbuilt?: UnbuiltNotifier[],
): void {
  const notifier = buildNotifier(doc, validator, secrets, report, unbuilt);
  if (!notifier) return;
  if (list.some((n) => n.name === notifier.name)) report(doc, ['metadata', 'name'], `duplicate Notifier "${notifier.name}"`);
  else list.push(notifier);
}
