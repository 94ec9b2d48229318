import { ensureCredentials, randomBase64, ss2022KeyBytes, validSs2022Key } from './credentials.ts';
import { recordNotFound, XuiError } from './envelope.ts';
import { currentEntry, entryFor } from './entries.ts';
import type { XuiState } from './state.ts';
import type { XuiClient, XuiInbound, XuiSettingsClient } from './types.ts';
import type { WriteClient } from './wire-decode.ts';

/** Row-level client operations with the panel's rules (3x-ui.md §4, §7). */

export const DAY_MS = 86_400_000;

/**
 * §4.1: email and subId take any text without `/`, `\`, whitespace (Unicode included) or
 * control characters; the message carries the whole value (§11).
 */
export function validateIdentity(email: string, subId: string): void {
  if (!email) throw new XuiError('client email is required');
  const bad = /[/\\\s\p{Cc}]/u;
  if (bad.test(email)) throw new XuiError(`client email contains an invalid character: ${email}`);
  if (bad.test(subId)) throw new XuiError(`client subId contains an invalid character: ${subId}`);
}

/** §4.3: an exact match is "in use", a case variant is a "Duplicate". */
export function checkEmailFree(state: XuiState, email: string, self?: XuiClient): void {
  const exact = state.clients.get(email);
  if (exact && exact !== self) throw new XuiError(`email already in use: ${email}`);
  const variant = state.clientByEmailCi(email);
  if (variant && variant !== self) throw new XuiError(`Duplicate email: ${email}`);
}

export function checkSubIdFree(state: XuiState, subId: string, self?: XuiClient): void {
  const owner = state.clientBySubId(subId);
  if (subId && owner && owner !== self) throw new XuiError(`subId already in use: ${subId}`);
}

/** The fields of a new record from a write-shape client; `enable` is forced true (§7.3). */
export function newClientFields(w: WriteClient, email: string, subId: string, now: number): Omit<XuiClient, 'id'> {
  return {
    email, uuid: w.id, password: w.password, auth: w.auth, secret: w.secret, adTag: w.adTag,
    privateKey: w.privateKey, publicKey: w.publicKey, allowedIPs: [...w.allowedIPs], preSharedKey: w.preSharedKey,
    keepAlive: w.keepAlive, flow: w.flow, flowColumn: w.flow, security: w.security, limitIp: w.limitIp, limitHwid: w.limitHwid,
    totalGB: w.totalGB, expiryTime: w.expiryTime, enable: true, tgId: w.tgId, subId, group: w.group.trim(),
    comment: w.comment, reset: w.reset, resetDay: w.resetDay, resetMax: w.resetMax, trafficReset: w.trafficReset,
    trafficResetDay: w.trafficResetDay, reverse: w.reverse, createdAt: now, updatedAt: now, inboundIds: [],
    externalLinks: [], extra: { ...w.extra },
  };
}

/**
 * The entry to store for a client written to an inbound: null (it mirrors the record).
 * §11: on a shadowsocks-2022 inbound whose key the record's password is not, the panel
 * puts a generated key into the record itself. The other password entries (trojan,
 * classic shadowsocks) keep the old password until the next write reaches them, which
 * then hands the subscriber a new one: a credential rotation by the panel.
 */
export function mirrorEntry(
  state: XuiState,
  client: XuiClient,
  inbound: XuiInbound,
): XuiSettingsClient | null {
  if (inbound.protocol !== 'shadowsocks') return null;
  const bytes = ss2022KeyBytes(String(inbound.settings.method ?? ''));
  if (bytes === 0 || validSs2022Key(client.password, bytes)) return null;
  const old = client.password;
  for (const id of client.inboundIds) {
    const other = state.inbounds.get(id);
    if (!other || other === inbound || other.entries.get(client.id) !== null) continue;
    if (other.protocol === 'trojan' || (other.protocol === 'shadowsocks' && ss2022KeyBytes(String(other.settings.method ?? '')) === 0)) {
      other.entries.set(client.id, { ...entryFor(client, other, state.release.stripsFlow), password: old });
    }
  }
  client.password = randomBase64(state.rng, bytes);
  return null;
}

/** §11: an inbound sync overwrites the record's flow column with that inbound's entry flow. */
function syncFlowColumn(state: XuiState, client: XuiClient, inbound: XuiInbound): void {
  client.flowColumn = String(currentEntry(client, inbound, state.release.stripsFlow)?.flow ?? '');
}

/** §7.4: attaching reuses the stored identity; an already-attached inbound is skipped silently. */
export function attach(state: XuiState, client: XuiClient, inboundId: number): boolean {
  const inbound = state.writableInbound(inboundId);
  if (inbound.entries.has(client.id)) return false;
  ensureCredentials(state.rng, client, inbound);
  state.link(client, inbound, mirrorEntry(state, client, inbound));
  syncFlowColumn(state, client, inbound);
  return true;
}

/** §7.5: detach drops the entry and the link, keeps record and traffic; not attached = ignored. */
export function detach(state: XuiState, client: XuiClient, inboundId: number): boolean {
  const inbound = state.inbounds.get(inboundId);
  if (!inbound || !inbound.entries.has(client.id)) return false;
  if (state.failInboundIds.has(inboundId)) throw recordNotFound();
  state.unlink(client, inbound);
  return true;
}

export interface WriteAcrossOptions {
  /** Only these inbounds get the new entry (update's `?inboundIds=`, §7.2). */
  targets?: ReadonlySet<number>;
  /** Honour failInboundIds (API writes do; the background job does not). */
  check?: boolean;
}

/**
 * Changes a record and writes it to every attached inbound in id order. Not atomic
 * (§7.3): at a failing inbound the write stops with `record not found`, that inbound and
 * the later ones keep their old entries while the earlier ones already carry the change.
 * `keys` names the entry fields the change touches ('all' rewrites the entry).
 */
export function writeAcross(
  state: XuiState,
  client: XuiClient,
  mutate: () => void,
  keys: readonly string[] | 'all',
  options: WriteAcrossOptions = {},
): void {
  const ids = [...client.inboundIds];
  const failedAt = options.check === false ? -1 : ids.findIndex((id) => state.failInboundIds.has(id));
  const reached = (id: number, i: number): boolean =>
    (failedAt < 0 || i < failedAt) && (!options.targets || options.targets.has(id));
  ids.forEach((id, i) => {
    const inbound = state.inbounds.get(id);
    if (inbound && !reached(id, i) && inbound.entries.get(client.id) === null) {
      inbound.entries.set(client.id, entryFor(client, inbound, state.release.stripsFlow));
    }
  });
  mutate();
  state.syncTraffic(client);
  ids.forEach((id, i) => {
    const inbound = state.inbounds.get(id);
    const stored = inbound?.entries.get(client.id);
    if (!inbound || stored === undefined || !reached(id, i)) return;
    if (keys === 'all') inbound.entries.set(client.id, mirrorEntry(state, client, inbound));
    else if (stored) {
      const fresh = entryFor(client, inbound, state.release.stripsFlow);
      for (const k of keys) if (k in fresh) stored[k] = fresh[k];
    }
    syncFlowColumn(state, client, inbound);
  });
  if (failedAt >= 0) throw recordNotFound();
}

/** §7.8: enable lives in the record, the traffic row and every settings entry. */
export function setEnable(state: XuiState, client: XuiClient, enable: boolean, check = true): void {
  writeAcross(state, client, () => (client.enable = enable), ['enable'], { check });
}

/**
 * §7.6: removes the client everywhere. If one inbound fails, the record (and the links
 * not yet removed) stay and the error is returned, so a retry finishes the job.
 */
export function deleteClient(state: XuiState, client: XuiClient, keepTraffic: boolean): void {
  for (const id of [...client.inboundIds]) {
    if (state.failInboundIds.has(id)) throw recordNotFound();
    const inbound = state.inbounds.get(id);
    if (inbound) state.unlink(client, inbound);
  }
  keepLabelOnDelete(state, client);
  state.removeClient(client, keepTraffic);
}

/** §7.7 quirk: touching a member with traffic in a label-only group stores the group name. */
export function keepLabelOnDelete(state: XuiState, client: XuiClient): void {
  if (client.group && state.usedBytes(client.email) > 0) state.groups.add(client.group);
}

/** Zeroes a client's counters and re-enables it (§7.8: resetTraffic re-enables). */
export function resetTraffic(state: XuiState, client: XuiClient, check = true): void {
  keepLabelOnDelete(state, client);
  const row = state.traffic.get(client.email);
  writeAcross(state, client, () => {
    if (row) {
      row.up = 0;
      row.down = 0;
    }
    client.enable = true;
  }, ['enable'], { check });
}
