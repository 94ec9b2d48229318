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

/** Checks everything that does not depend on the inbounds; throws the panel's error. */
export function validateNew(state: XuiState, w: WriteClient, inboundIds: readonly number[]): NewClient {
  const email = w.email.trim();
  const subId = w.subId.trim();
  validateIdentity(email, subId);
  if (inboundIds.length === 0) throw new XuiError('at least one inbound is required');
  checkEmailFree(state, email);
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
 * §4.3 re-add: same email and same subId. Credentials are reused, the client joins the
 * listed inbounds it is not on yet and its quota fields are overwritten; already on all
 * of them, it is a successful no-op.
 */
function reAdd(state: XuiState, client: XuiClient, w: WriteClient, inboundIds: readonly number[]): void {
  if (inboundIds.length === 0) throw new XuiError('at least one inbound is required');
  const missing = inboundIds.filter((id) => !client.inboundIds.includes(id));
  if (missing.length === 0) return;
  writeAcross(state, client, () => {
    Object.assign(client, {
      totalGB: w.totalGB, expiryTime: w.expiryTime, limitIp: w.limitIp, limitHwid: w.limitHwid,
      reset: w.reset, resetDay: w.resetDay, resetMax: w.resetMax, updatedAt: state.clock.now(),
    });
  }, ['totalGB', 'expiryTime', 'limitIp', 'reset', 'updated_at']);
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

/**
 * bulkCreate / import (§7.11): per-client problems become `skipped`; clients are added
 * inbound by inbound, and when an inbound fails its whole batch is reported skipped,
 * even clients that already landed on their other inbounds.
 */
export function bulkCreate(state: XuiState, items: readonly BulkItem[], style: SubIdStyle): { created: number; skipped: Skip[] } {
  const skipped: Skip[] = [];
  const inboundFailed = new Map<string, string>();
  const valid: { n: NewClient; inboundIds: number[] }[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const label = item.write.email.trim() || '(missing email)';
    try {
      const n = validateNew(state, item.write, item.inboundIds);
      if (seen.has(n.email.toLowerCase())) throw new XuiError(`email already in use: ${n.email}`);
      seen.add(n.email.toLowerCase());
      valid.push({ n, inboundIds: item.inboundIds });
    } catch (err) {
      if (!(err instanceof XuiError)) throw err;
      skipped.push({ email: label, reason: err.text });
    }
  }
  const batches = new Map<number, { n: NewClient }[]>();
  for (const v of valid) {
    for (const id of new Set(v.inboundIds)) {
      const batch = batches.get(id);
      if (batch) batch.push(v);
      else batches.set(id, [v]);
    }
  }
  const records = new Map<NewClient, XuiClient>();
  for (const [inboundId, batch] of batches) {
    try {
      state.writableInbound(inboundId);
    } catch (err) {
      if (!(err instanceof XuiError)) throw err;
      for (const { n } of batch) inboundFailed.set(n.email, err.text);
      continue;
    }
    for (const { n } of batch) {
      const client = records.get(n) ?? insertNew(state, n, inboundId, style);
      records.set(n, client);
      attach(state, client, inboundId);
    }
  }
  const created = valid.filter((v) => records.has(v.n) && !inboundFailed.has(v.n.email)).length;
  return { created, skipped: [...skipped, ...[...inboundFailed].map(([email, reason]) => ({ email, reason }))] };
}
