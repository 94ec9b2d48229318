import type { MarzbanState } from './state.ts';

/**
 * Option `futureFields`: a later release with a field panelops does not know on every object
 * (each user, admin, template and node, each of a user's proxy settings, each host entry).
 * The panel fills it when it makes the object, and a write treats it as it treats its own
 * fields: a whole-object replace (a host list, a listed protocol's settings) resets it when
 * the body leaves it out; a partial update (user, admin, template, node: null or omitted
 * keeps, marzban.md §5.3) keeps it. A client that does not carry what it read loses it.
 */
export const FUTURE_FIELD = 'future_setting';

export interface WithFuture {
  future_setting?: string | null;
}

const sentValue = (body: unknown): string | null | undefined => {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[FUTURE_FIELD] : undefined;
  return typeof value === 'string' || value === null ? value : undefined;
};

/** An object the panel makes: the value sent, else one of the panel's own. */
export function made<T extends WithFuture>(state: MarzbanState, object: T, body: unknown, kind: string): T {
  if (!state.futureFields) return object;
  object.future_setting = sentValue(body) ?? `${kind}-${state.rng.string(8)}`;
  return object;
}

/** A whole-object replace: the value sent, reset when left out. */
export function replaced<T extends WithFuture>(state: MarzbanState, object: T, body: unknown): T {
  if (!state.futureFields) return object;
  object.future_setting = sentValue(body) ?? null;
  return object;
}

/** A partial update: the value sent, kept when left out. */
export function patched(state: MarzbanState, object: WithFuture, body: unknown): void {
  if (!state.futureFields) return;
  const sent = sentValue(body);
  if (sent !== undefined) object.future_setting = sent;
}

/** The field in an answer, where the object has it. */
export const futureOf = (object: WithFuture): Record<string, unknown> => (object.future_setting === undefined ? {} : { [FUTURE_FIELD]: object.future_setting });
