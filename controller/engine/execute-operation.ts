import { PanelError } from '../providers/errors.ts';
import { backoffDelay, DEFAULT_RETRY } from '../providers/retry-policy.ts';
import type { DesiredObject, ObservedObject, PanelSession, SessionOp } from '../providers/types.ts';
import type { PlannedOperation } from './types.ts';

export interface OperationOutcome {
  ok: boolean;
  reason?: string;
  attempts: number;
  id?: string | number;
  /** The write may have landed although it failed: keep its journal intent open. */
  outcomeUnknown?: boolean;
  /** A create the panel answered 409 (already exists): the read-back decides whether it is the object sent. */
  conflict?: boolean;
}

const MAX_ATTEMPTS = 3;

export function toSessionOp(op: PlannedOperation, desired?: DesiredObject, observed?: ObservedObject): SessionOp {
  return {
    kind: op.kind,
    key: op.key,
    changes: op.changes,
    ...(desired ? { desired } : {}),
    ...(observed ? { observed } : {}),
    ...(op.members ? { members: op.members } : {}),
  };
}

/**
 * Runs one operation. A retryable failure is retried, but a create or delete is first
 * checked against the panel: a create whose answer was lost must not be sent twice.
 */
export async function executeOperation(
  session: PanelSession,
  op: PlannedOperation,
  sessionOp: SessionOp,
  sleep: (ms: number) => Promise<void>,
): Promise<OperationOutcome> {
  // Once an attempt may have landed, a later clear failure (e.g. "already exists") proves nothing.
  let uncertain = false;
  for (let attempt = 1; ; attempt++) {
    try {
      const id = await send(session, op, sessionOp);
      return { ok: true, attempts: attempt, ...(id !== undefined ? { id } : {}) };
    } catch (err) {
      const retryable = err instanceof PanelError && err.retryable;
      uncertain ||= !(err instanceof PanelError) || err.outcomeUnknown;
      if (retryable && (op.action === 'create' || op.action === 'delete')) {
        const verified = await verify(session, op).catch(() => undefined);
        if (verified) return { ok: true, attempts: attempt, ...(verified.id !== undefined ? { id: verified.id } : {}) };
      }
      if (!retryable || attempt >= MAX_ATTEMPTS) {
        return {
          ok: false,
          attempts: attempt,
          reason: err instanceof Error ? err.message : String(err),
          outcomeUnknown: uncertain,
          ...(op.action === 'create' && err instanceof PanelError && err.status === 409 ? { conflict: true } : {}),
        };
      }
      await sleep(backoffDelay(DEFAULT_RETRY, attempt));
    }
  }
}

async function send(session: PanelSession, op: PlannedOperation, sessionOp: SessionOp): Promise<string | number | undefined> {
  switch (op.action) {
    case 'create':
      return (await session.create(sessionOp))?.id;
    case 'update':
      await session.update(sessionOp);
      return undefined;
    case 'adopt':
      if (op.changes.length > 0) await session.update(sessionOp);
      return undefined;
    case 'delete':
      await session.delete(sessionOp);
      return undefined;
    case 'attach':
    case 'detach': {
      const fn = session[op.action];
      if (!fn) throw new Error(`${op.kind}/${op.key}: this panel has no ${op.action}`);
      await fn.call(session, sessionOp);
      return undefined;
    }
  }
}

/** After a failed create: does it exist now? After a failed delete: is it gone? */
async function verify(session: PanelSession, op: PlannedOperation): Promise<{ id?: string | number } | undefined> {
  const found = await session.get(op.kind, op.key);
  if (op.action === 'create') return found ? (found.id !== undefined ? { id: found.id } : {}) : undefined;
  return found ? undefined : {};
}
