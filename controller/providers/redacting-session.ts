import { PanelError } from './errors.ts';
import type { PanelHttp } from './http.ts';
import type { BatchOutcome, PanelConfig, PanelSession, Provider, ProviderContext } from './types.ts';

/**
 * Connects through the provider and hands back a session whose every failure is free of the
 * panel's auth secrets (issue 13 point 7). Providers build messages from what a panel
 * answered, and a hostile or careless panel echoes what it was sent, so the one place that
 * sees every error leave a provider is here: the HTTP layer knows the secrets it sent.
 */
export async function connectRedacted(provider: Provider, panel: PanelConfig, ctx: ProviderContext): Promise<PanelSession> {
  const session = await guard(ctx.http, () => provider.connect(panel, ctx));
  return redactingSession(session, ctx.http);
}

export function redactingSession(session: PanelSession, http: PanelHttp): PanelSession {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, value] of Object.entries(session)) {
    wrapped[name] = typeof value === 'function' ? (...args: unknown[]) => guard(http, () => (value as (...a: unknown[]) => unknown).apply(session, args)) : value;
  }
  const out = wrapped as unknown as PanelSession;
  if (session.listsEverything) out.listsEverything = (kind) => session.listsEverything?.(kind) ?? false;
  if (session.batch) {
    const batch: NonNullable<PanelSession['batch']> = {};
    for (const [action, run] of Object.entries(session.batch) as Array<[keyof typeof batch, NonNullable<PanelSession['batch']>[keyof typeof batch]]>) {
      if (!run) continue;
      batch[action] = async (kind, ops) => (await guard(http, () => run(kind, ops))).map((o) => redactOutcome(o, http));
    }
    out.batch = batch;
  }
  return out;
}

const redactOutcome = (o: BatchOutcome, http: PanelHttp): BatchOutcome => (o.error === undefined ? o : { ...o, error: http.redact(o.error) });

async function guard<T>(http: PanelHttp, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw redactError(err, http);
  }
}

/** The same error with its message redacted. The original is not kept as `cause`: its message and stack hold the secret. */
export function redactError(err: unknown, http: PanelHttp): unknown {
  if (!(err instanceof Error)) return new Error(http.redact(String(err)));
  const message = http.redact(err.message);
  if (message === err.message) return err;
  if (err instanceof PanelError) {
    const init = {
      panel: err.panel,
      retryable: err.retryable,
      outcomeUnknown: err.outcomeUnknown,
      ...(err.status !== undefined ? { status: err.status } : {}),
      ...(err.route !== undefined ? { route: err.route } : {}),
    };
    const prefix = err.subject !== undefined ? `${err.subject}: ` : undefined;
    if (prefix && message.startsWith(prefix)) return new PanelError(message.slice(prefix.length), { ...init, subject: err.subject as string });
    return new PanelError(message, init);
  }
  const copy = new Error(message);
  copy.name = err.name;
  return copy;
}
