import type { Clock, Rng } from '../kit/index.ts';
import { recordNotFound } from './envelope.ts';
import type { XuiClient, XuiInbound, XuiSettingsClient, XuiTraffic } from './types.ts';
import { LATEST_XUI_VERSION, traitsOf, type XuiReleaseTraits } from './versions.ts';

/** What the played release is and carries beyond the tables. */
export interface XuiModel {
  release?: XuiReleaseTraits;
  /**
   * Client fields this panel has that panelops does not know (v3.7 adds reset_day, ...):
   * name → the value every client starts with. Update replaces them like any field (§12.18).
   */
  extraFields?: Readonly<Record<string, unknown>>;
}

/** Panel settings that shape the list/paged buckets (3x-ui.md §7.9); both default to 0. */
export interface XuiPanelSettings {
  /** Days of time left under which an active client counts as expiring. */
  expireDiff: number;
  /** GiB of quota left under which an active client counts as expiring. */
  trafficDiff: number;
}

/**
 * The emulator's database: tables as Maps with O(1) lookups by key, ids in insertion
 * order so listing needs no sort. Low-level row operations only; the panel's rules live
 * in client-ops.ts, inbound-ops.ts and depletion.ts.
 */
export class XuiState {
  /** Clients by exact email (the DB index is case-sensitive, §4.3). */
  readonly clients = new Map<string, XuiClient>();
  /** Clients by row id; insertion order is id order, the order `list` returns. */
  readonly clientsById = new Map<number, XuiClient>();
  /** client_traffics rows by email; a row may outlive its client (keepTraffic, §7.6). */
  readonly traffic = new Map<string, XuiTraffic>();
  readonly inbounds = new Map<number, XuiInbound>();
  /** Stored group names; labels live on the clients (§7.7). */
  readonly groups = new Set<string>();
  /** Emails currently connected (drives the `online` bucket). */
  readonly online = new Set<string>();
  /** Inbound ids whose client writes fail with `record not found` (non-atomic writes, §7.3). */
  readonly failInboundIds: Set<number>;
  /** Bumped on every write; list/paged caches its summary against it. */
  version = 0;
  private readonly lowerEmails = new Map<string, XuiClient>();
  private readonly subIds = new Map<string, XuiClient>();
  private nextClientId = 1;
  private nextTrafficId = 1;

  readonly release: XuiReleaseTraits;
  readonly extraFields: Readonly<Record<string, unknown>>;

  constructor(
    readonly clock: Clock,
    readonly rng: Rng,
    readonly settings: XuiPanelSettings,
    failInboundIds: Iterable<number> = [],
    model: XuiModel = {},
  ) {
    this.failInboundIds = new Set(failInboundIds);
    this.release = model.release ?? traitsOf(LATEST_XUI_VERSION);
    this.extraFields = model.extraFields ?? {};
  }

  /** The extra fields of a new record: those sent, else each field's starting value. */
  private extrasOf(sent: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, start] of Object.entries(this.extraFields)) out[name] = name in sent ? sent[name] : start;
    return out;
  }

  /** Marks the state changed; call after mutating records directly. */
  touch(): void {
    this.version += 1;
  }

  /** §4.3: adds are checked case-insensitively against all clients. */
  clientByEmailCi(email: string): XuiClient | undefined {
    return this.lowerEmails.get(email.toLowerCase());
  }

  clientBySubId(subId: string): XuiClient | undefined {
    return this.subIds.get(subId);
  }

  inboundByTag(tag: string): XuiInbound | undefined {
    for (const inbound of this.inbounds.values()) if (inbound.tag === tag) return inbound;
    return undefined;
  }

  /** The inbound a client write targets; unknown or failing ids give GORM's `record not found`. */
  writableInbound(id: number): XuiInbound {
    const inbound = this.inbounds.get(id);
    if (!inbound || this.failInboundIds.has(id)) throw recordNotFound();
    return inbound;
  }

  /** SQLite reuses max(id)+1, so deleting the last inbound restarts ids (§5). */
  nextInboundId(): number {
    let max = 0;
    for (const id of this.inbounds.keys()) max = Math.max(max, id);
    return max + 1;
  }

  insertClient(fields: Omit<XuiClient, 'id'>, firstInboundId: number): XuiClient {
    const client: XuiClient = { id: this.nextClientId++, ...fields, extra: this.extrasOf(fields.extra) };
    this.clients.set(client.email, client);
    this.clientsById.set(client.id, client);
    this.lowerEmails.set(client.email.toLowerCase(), client);
    if (client.subId) this.subIds.set(client.subId, client);
    // A row kept by `del?keepTraffic=1` is picked up again by a client with that email.
    if (!this.traffic.has(client.email)) this.traffic.set(client.email, this.newTrafficRow(client.email, firstInboundId));
    this.syncTraffic(client);
    return client;
  }

  private newTrafficRow(email: string, inboundId: number): XuiTraffic {
    return {
      id: this.nextTrafficId++, inboundId, enable: true, email, up: 0, down: 0, expiryTime: 0, total: 0,
      reset: 0, resetDay: 0, resetMax: 0, resetCount: 0, lastOnline: 0, lastSubFetch: 0,
    };
  }

  /** Renames a client: its indexes, traffic row and online flag follow (§7.1). */
  setEmail(client: XuiClient, email: string): void {
    if (email === client.email) return;
    const old = client.email;
    this.clients.delete(old);
    if (this.lowerEmails.get(old.toLowerCase()) === client) this.lowerEmails.delete(old.toLowerCase());
    client.email = email;
    this.clients.set(email, client);
    this.lowerEmails.set(email.toLowerCase(), client);
    const row = this.traffic.get(old);
    if (row) {
      this.traffic.delete(old);
      row.email = email;
      this.traffic.set(email, row);
    }
    if (this.online.delete(old)) this.online.add(email);
  }

  setSubId(client: XuiClient, subId: string): void {
    if (this.subIds.get(client.subId) === client) this.subIds.delete(client.subId);
    client.subId = subId;
    if (subId) this.subIds.set(subId, client);
  }

  removeClient(client: XuiClient, keepTraffic: boolean): void {
    for (const id of client.inboundIds) this.inbounds.get(id)?.entries.delete(client.id);
    client.inboundIds = [];
    this.clients.delete(client.email);
    this.clientsById.delete(client.id);
    if (this.lowerEmails.get(client.email.toLowerCase()) === client) this.lowerEmails.delete(client.email.toLowerCase());
    if (this.subIds.get(client.subId) === client) this.subIds.delete(client.subId);
    this.online.delete(client.email);
    if (!keepTraffic) this.traffic.delete(client.email);
  }

  /** Adds the link row and the settings entry (null = mirrors the record). */
  link(client: XuiClient, inbound: XuiInbound, entry: XuiSettingsClient | null): void {
    inbound.entries.set(client.id, entry);
    if (client.inboundIds.includes(inbound.id)) return;
    client.inboundIds.push(inbound.id);
    client.inboundIds.sort((a, b) => a - b);
  }

  unlink(client: XuiClient, inbound: XuiInbound): void {
    inbound.entries.delete(client.id);
    client.inboundIds = client.inboundIds.filter((id) => id !== inbound.id);
  }

  /** §7.2: the traffic row mirrors the record's total, expiry, enable and renewal fields. */
  syncTraffic(client: XuiClient): void {
    const row = this.traffic.get(client.email);
    if (!row) return;
    row.total = client.totalGB;
    row.expiryTime = client.expiryTime;
    row.enable = client.enable;
    row.reset = client.reset;
    row.resetDay = client.resetDay;
    row.resetMax = client.resetMax;
  }

  usedBytes(email: string): number {
    const row = this.traffic.get(email);
    return row ? row.up + row.down : 0;
  }
}
