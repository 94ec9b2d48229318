import { currentEntry, entryFor, isFlowCapable } from './entries.ts';
import type { XuiState } from './state.ts';
import type { XuiClient, XuiInbound, XuiSettingsClient, XuiTraffic } from './types.ts';

/**
 * Wire views of the records (3x-ui.md §4.1). The read shape (list, get) has the integer
 * row id as `id`, the UUID in `uuid`, camelCase times and `allowedIPs` as a CSV string;
 * the write shape (export, settings.clients[]) has the UUID as `id`, snake_case times and
 * `allowedIPs` as an array. They are built separately so neither leaks into the other.
 */

/** §11: `get` derives the flow from the lowest-id attached inbound whose entry carries one. */
export function readFlow(state: XuiState, c: XuiClient): string {
  // v3.1-v3.2 return the stored column (§12.4).
  if (!state.release.stripsFlow) return c.flowColumn;
  for (const id of c.inboundIds) {
    const inbound = state.inbounds.get(id);
    const flow = inbound && isFlowCapable(inbound) ? String(currentEntry(c, inbound, true)?.flow ?? '') : '';
    if (flow) return flow;
  }
  return '';
}

/** The read record; `flow` is the stored column, as `list` returns it (§11). */
export function readRecord(_state: XuiState, c: XuiClient): Record<string, unknown> {
  return {
    id: c.id, email: c.email, uuid: c.uuid, password: c.password, auth: c.auth, secret: c.secret, adTag: c.adTag,
    privateKey: c.privateKey, publicKey: c.publicKey, allowedIPs: c.allowedIPs.join(','), preSharedKey: c.preSharedKey,
    keepAlive: c.keepAlive, flow: c.flowColumn, security: c.security, limitIp: c.limitIp, limitHwid: c.limitHwid,
    totalGB: c.totalGB, expiryTime: c.expiryTime, enable: c.enable, tgId: c.tgId, subId: c.subId, group: c.group,
    comment: c.comment, reset: c.reset, resetDay: c.resetDay, resetMax: c.resetMax, trafficReset: c.trafficReset,
    trafficResetDay: c.trafficResetDay, reverse: c.reverse, createdAt: c.createdAt, updatedAt: c.updatedAt, ...c.extra,
  };
}

export function writeRecord(state: XuiState, c: XuiClient): Record<string, unknown> {
  return {
    id: c.uuid, email: c.email, password: c.password, auth: c.auth, secret: c.secret, adTag: c.adTag,
    privateKey: c.privateKey, publicKey: c.publicKey, allowedIPs: [...c.allowedIPs], preSharedKey: c.preSharedKey,
    keepAlive: c.keepAlive, flow: readFlow(state, c), security: c.security, limitIp: c.limitIp, limitHwid: c.limitHwid,
    totalGB: c.totalGB, expiryTime: c.expiryTime, enable: c.enable, tgId: c.tgId, subId: c.subId, group: c.group,
    comment: c.comment, reset: c.reset, resetDay: c.resetDay, resetMax: c.resetMax, trafficReset: c.trafficReset,
    trafficResetDay: c.trafficResetDay, reverse: c.reverse, created_at: c.createdAt, updated_at: c.updatedAt, ...c.extra,
  };
}

/** The traffic object; `uuid` and `subId` are filled only by traffic/{email} (§4.1). */
export function trafficView(row: XuiTraffic, owner?: XuiClient): Record<string, unknown> {
  return {
    id: row.id, inboundId: row.inboundId, enable: row.enable, email: row.email,
    uuid: owner?.uuid ?? '', subId: owner?.subId ?? '', up: row.up, down: row.down,
    expiryTime: row.expiryTime, total: row.total, reset: row.reset, resetDay: row.resetDay,
    resetMax: row.resetMax, resetCount: row.resetCount, lastOnline: row.lastOnline, lastSubFetch: row.lastSubFetch,
  };
}

/** `inboundIds` is null, not [], for an orphan (§7.5). */
export const inboundIdsView = (c: XuiClient): number[] | null => (c.inboundIds.length > 0 ? [...c.inboundIds] : null);

/** The entries of an inbound's settings.clients[], in attach order. */
export function entriesOf(state: XuiState, inbound: XuiInbound): XuiSettingsClient[] {
  const out: XuiSettingsClient[] = [];
  for (const [clientId, stored] of inbound.entries) {
    if (stored) out.push(stored);
    else {
      const c = state.clientsById.get(clientId);
      if (c) out.push(entryFor(c, inbound, state.release.stripsFlow));
    }
  }
  return out;
}

export function inboundView(state: XuiState, inbound: XuiInbound, slim = false): Record<string, unknown> {
  const entries = entriesOf(state, inbound);
  const clients = slim ? entries.map((e) => ({ email: e.email, enable: e.enable, comment: e.comment ?? '' })) : entries;
  const clientStats: Record<string, unknown>[] = [];
  for (const e of entries) {
    const row = state.traffic.get(e.email);
    if (row) clientStats.push(trafficView(row));
  }
  return {
    id: inbound.id, up: inbound.up, down: inbound.down, total: inbound.total, remark: inbound.remark,
    enable: inbound.enable, expiryTime: inbound.expiryTime, trafficReset: inbound.trafficReset,
    trafficResetDay: inbound.trafficResetDay, lastTrafficResetTime: inbound.lastTrafficResetTime, clientStats,
    listen: inbound.listen, port: inbound.port, protocol: inbound.protocol,
    settings: { ...inbound.settings, clients }, streamSettings: inbound.streamSettings, tag: inbound.tag,
    sniffing: inbound.sniffing, subSortIndex: inbound.subSortIndex, shareAddrStrategy: inbound.shareAddrStrategy,
    shareAddr: inbound.shareAddr, disableFlow: inbound.disableFlow,
  };
}
