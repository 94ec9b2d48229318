import { attach, checkEmailFree, checkSubIdFree, newClientFields, validateIdentity, writeAcross } from './client-ops.ts';
import { fastUuid, shortSubId } from './credentials.ts';
import { XuiError } from './envelope.ts';
import type { XuiState } from './state.ts';
import type { XuiClient } from './types.ts';
import type { WriteClient } from './wire-decode.ts';

/** Client creation: `add`, `bulkCreate`, `import` and clients arriving in inbound settings (3x-ui.md §7.3). */

/** /clients/add hands out 36-char UUID subIds, inbound paths 16 chars of [a-z0-9] (§4.1). */
export type SubIdStyle = 'uuid' | 'short';

export interface NewClient {
  write: WriteClient;
  email: string;
  subId: string;
}

/**
 * Checks everything that does not depend on the inbounds; throws the panel's error. A
 * case variant of an existing email is caught here for `add` (§4.3); bulkCreate finds it
 * later, at the add to each inbound (§11).
 */
export function validateNew(state: XuiState, w: WriteClient, inboundIds: readonly number[], variants = true): NewClient {
  const email = w.email.trim();
  const subId = w.subId.trim();
  validateIdentity(email, subId);
  if (inboundIds.length === 0) throw new XuiError('at least one inbound is required');
  if (variants) checkEmailFree(state, email);
  else if (state.clients.has(email)) throw new XuiError(`email already in use: ${email}`);
  checkSubIdFree(state, subId);
  return { write: w, email, subId };
}

/** Inserts the record (called at the first inbound that accepts it). */
export function insertNew(state: XuiState, n: NewClient, firstInboundId: number, style: SubIdStyle): XuiClient {
  const subId = n.subId || (style === 'uuid' ? fastUuid(state.rng) : shortSubId(state.rng));
  const now = state.clock.now();
  return state.insertClient(newClientFields(n.write, n.email, subId, now), firstInboundId);
}

/**
 * /clients/add. Not transactional (§7.3): the record appears with the first inbound that
 * accepts it, and a failing later inbound leaves the client on the earlier ones.
 */
export function addClient(state: XuiState, w: WriteClient, inboundIds: readonly number[]): void {
  const existing = state.clients.get(w.email.trim());
  if (existing && w.subId !== '' && w.subId === existing.subId) return reAdd(state, existing, w, inboundIds);
  const n = validateNew(state, w, inboundIds);
  let client: XuiClient | undefined;
  for (const id of inboundIds) {
    if (!client) {
      state.writableInbound(id);
      client = insertNew(state, n, id, 'uuid');
    }
    attach(state, client, id);
  }
}

/**
 * Re-add: same email and same subId (§4.3, §11). Credentials are reused, the inbounds
 * already holding the client are skipped, every other field of the new entry is merged
 * into the record and enable is forced true. Already on all of them: a no-op.
 */
function reAdd(state: XuiState, client: XuiClient, w: WriteClient, inboundIds: readonly number[]): void {
  if (inboundIds.length === 0) throw new XuiError('at least one inbound is required');
  const missing = inboundIds.filter((id) => !client.inboundIds.includes(id));
  if (missing.length === 0) return;
  writeAcross(state, client, () => {
    Object.assign(client, {
      adTag: w.adTag, keepAlive: w.keepAlive, flow: w.flow, security: w.security, limitIp: w.limitIp,
      limitHwid: w.limitHwid, totalGB: w.totalGB, expiryTime: w.expiryTime, enable: true, tgId: w.tgId,
      group: w.group.trim(), comment: w.comment, reset: w.reset, resetDay: w.resetDay, resetMax: w.resetMax,
      trafficReset: w.trafficReset, trafficResetDay: w.trafficResetDay, reverse: w.reverse, updatedAt: state.clock.now(),
    });
  }, 'all');
  for (const id of missing) attach(state, client, id);
}

export interface BulkItem {
  write: WriteClient;
  inboundIds: number[];
}

export interface Skip {
  email: string;
  reason: string;
}

/** Per-item checks of bulkCreate (§11), before anything is written; throws the item's reason. */
function checkItem(state: XuiState, item: BulkItem, emails: Set<string>, subIds: Set<string>): NewClient {
  const n = validateNew(state, item.write, item.inboundIds, false);
  if (emails.has(n.email)) throw new XuiError(`email already in use: ${n.email}`);
  if (n.subId && subIds.has(n.subId)) throw new XuiError(`subId already in use: ${n.subId}`);
  if (item.inboundIds.some((id) => !state.inbounds.has(id))) throw new XuiError('record not found', false);
  emails.add(n.email);
  if (n.subId) subIds.add(n.subId);
  return n;
}

/** The add to one inbound fails as a whole on a case variant of an email already there (§11). */
function variantIn(state: XuiState, batch: readonly NewClient[], records: ReadonlyMap<NewClient, XuiClient>): string | undefined {
  const lower = new Set<string>();
  for (const n of batch) {
    const known = state.clientByEmailCi(n.email);
    if ((known && known !== records.get(n)) || lower.has(n.email.toLowerCase())) return n.email;
    lower.add(n.email.toLowerCase());
  }
  return undefined;
}

/**
 * bulkCreate / import (§7.11, §11): per-item problems become `skipped` first; then one add
 * per inbound, and when that add fails (an inbound that cannot be written, a case variant
 * of an existing email) every item of that inbound's batch is reported skipped, even the
 * ones that already landed on their other inbounds.
 */
export function bulkCreate(state: XuiState, items: readonly BulkItem[], style: SubIdStyle): { created: number; skipped: Skip[] } {
  const skipped: Skip[] = [];
  const valid: { n: NewClient; inboundIds: number[] }[] = [];
  const emails = new Set<string>();
  const subIds = new Set<string>();
  for (const item of items) {
    try {
      valid.push({ n: checkItem(state, item, emails, subIds), inboundIds: item.inboundIds });
    } catch (err) {
      if (!(err instanceof XuiError)) throw err;
      skipped.push({ email: item.write.email.trim() || '(missing email)', reason: err.text });
    }
  }
  const batches = new Map<number, NewClient[]>();
  for (const v of valid) {
    for (const id of new Set(v.inboundIds)) {
      const batch = batches.get(id);
      if (batch) batch.push(v.n);
      else batches.set(id, [v.n]);
    }
  }
  const records = new Map<NewClient, XuiClient>();
  const failed = new Map<string, string>();
  // One add per inbound, in id order.
  for (const [inboundId, batch] of [...batches].sort((a, b) => a[0] - b[0])) {
    const variant = variantIn(state, batch, records);
    const reason = state.failInboundIds.has(inboundId) ? 'record not found' : variant ? `Duplicate email: ${variant}` : undefined;
    if (reason) {
      for (const n of batch) if (!failed.has(n.email)) failed.set(n.email, reason);
      continue;
    }
    for (const n of batch) {
      const client = records.get(n) ?? insertNew(state, n, inboundId, style);
      records.set(n, client);
      attach(state, client, inboundId);
    }
  }
  const created = valid.filter((v) => records.has(v.n) && !failed.has(v.n.email)).length;
  return { created, skipped: [...skipped, ...[...failed].map(([email, reason]) => ({ email, reason }))] };
}
