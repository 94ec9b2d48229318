import { PanelError } from './errors.ts';
import type { SessionOp } from './types.ts';

/** What an answer says it is: its natural key, and the panel's own id where it carries one. */
export interface Identity {
  key?: unknown;
  id?: unknown;
}

export interface IdentityOptions {
  /** The panel's name, for the error, where the provider has it at hand. */
  panel?: string;
  /** Keys that name one object whatever their case (the kind's `keyCaseInsensitive`). */
  caseInsensitive?: boolean;
  /** The key the object was asked for by, when it is not the operation's live key (a create's read). */
  key?: string;
}

type Stage = 'read before the write' | 'answer to the write';

const sameKey = (a: string, b: string, fold: boolean) => (fold ? a.toLowerCase() === b.toLowerCase() : a === b);

/**
 * Throws unless the answer is the object `op` is about: the same key (the panel's spelling when it
 * was observed) and, where the observed object has a panel id, the same id. A panel, or a cache
 * in front of it, that answers for another object would otherwise have its credentials or fields
 * written into this one (the wrong subscriber, new keys): the operation fails, never retried,
 * and nothing built from that answer is sent.
 */
export function checkIdentity(op: SessionOp, answer: () => Identity, stage: Stage, options: IdentityOptions = {}): void {
  const found = identityOf(answer);
  // The panel's spelling of the key when the object was observed (kind-handler's liveKey).
  const wantKey = options.key ?? op.observed?.key ?? op.key;
  const wantId = options.key === undefined ? op.observed?.id : undefined;
  const problems: string[] = [];
  if (typeof found.key !== 'string' || !sameKey(found.key, wantKey, options.caseInsensitive === true)) problems.push(`key ${JSON.stringify(found.key)} instead of ${JSON.stringify(wantKey)}`);
  if (wantId !== undefined && found.id !== undefined && String(found.id) !== String(wantId)) problems.push(`panel id ${JSON.stringify(found.id)} instead of ${JSON.stringify(wantId)}`);
  if (problems.length === 0) return;
  const what = problems.join(', ');
  const message = stage === 'read before the write'
    ? `the read before the write answered for another object (${what}): nothing was sent for it`
    : `the panel answered the write with another object (${what}): the write is not counted as done; check the object on the panel`;
  throw new PanelError(message, { panel: options.panel ?? '', subject: `${op.kind}/${op.key}`, retryable: false });
}

/** A read a write is built from, checked to be the object meant before anything is built from it. */
export async function readForWrite<W>(op: SessionOp, read: Promise<W>, identify: (answer: W) => Identity, options: IdentityOptions = {}): Promise<W> {
  const answer = await read;
  checkIdentity(op, () => identify(answer), 'read before the write', options);
  return answer;
}

/** A write whose answer carries the object (or a read back after it): the same check, after the fact. */
export async function checkedWrite<W>(op: SessionOp, write: Promise<W>, identify: (answer: W) => Identity, options: IdentityOptions = {}): Promise<W> {
  const answer = await write;
  checkIdentity(op, () => identify(answer), 'answer to the write', options);
  return answer;
}

/** An answer of the wrong shape names nothing: it is no object of ours either. */
function identityOf(answer: () => Identity): Identity {
  try {
    return answer() ?? {};
  } catch {
    return {};
  }
}

/**
 * The session's `get` (what the engine reads back after a write whose answer was lost): an
 * object found under another key is not the one asked for.
 */
export function checkReadBack(kind: string, key: string, found: { key: string } | undefined, caseInsensitive: boolean): void {
  if (!found || sameKey(found.key, key, caseInsensitive)) return;
  throw new Error(`${kind}/${key}: the read back answered for another object (key ${JSON.stringify(found.key)}): not counted as done`);
}
