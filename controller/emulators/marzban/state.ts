import { createHash } from 'node:crypto';
import type { Clock } from '../kit/clock.ts';
import type { Rng } from '../kit/rng.ts';
import { made } from './future-fields.ts';
import { defaultHost } from './hosts-logic.ts';
import type { EmuAdmin, EmuHost, EmuInbound, EmuNode, EmuTemplate, EmuUser, MarzbanVersion, Protocol, ProxySettings } from './types.ts';

const hash = (salt: string, password: string) => createHash('sha256').update(`${salt}:${password}`).digest('hex');

/** How the emulated database behaves, beyond the release's shapes. */
export interface MarzbanDbOptions {
  /** Names compared exactly, as on SQLite (§13-§15); off: folded, as with MySQL's collation. */
  caseSensitive: boolean;
  /** Template tags keep only inbounds some user or host write already referenced (§14). */
  freshDatabase: boolean;
  /** A later release's unknown field on every object (future-fields.ts). */
  futureFields?: boolean;
}

/**
 * The emulator's in-memory database. Users keep insertion order (the panel's default list
 * order, §6) and are found by a folded key: exact when `caseSensitive` (SQLite, §13-§15),
 * lower-cased otherwise (MySQL collation).
 */
export class MarzbanState {
  readonly users = new Map<string, EmuUser>();
  readonly admins = new Map<string, EmuAdmin>();
  readonly templates = new Map<number, EmuTemplate>();
  readonly nodes = new Map<number, EmuNode>();
  readonly hosts = new Map<string, EmuHost[]>();
  readonly inbounds: EmuInbound[] = [];
  /** Inbound tags that have a database row: referenced by a user or host write (§14). */
  readonly inboundRows = new Set<string>();
  private nextTemplateId = 1;
  private nextNodeId = 1;

  constructor(
    readonly version: MarzbanVersion,
    readonly rng: Rng,
    readonly clock: Clock,
    inbounds: readonly EmuInbound[],
    readonly db: MarzbanDbOptions = { caseSensitive: true, freshDatabase: false },
  ) {
    for (const inbound of inbounds) this.addInbound(inbound);
  }

  get futureFields(): boolean {
    return this.db.futureFields === true;
  }

  fold = (name: string): string => (this.db.caseSensitive ? name : name.toLowerCase());

  /** Tags a template write keeps: those with a row on a fresh database, every known one otherwise (§7, §14). */
  storableTemplateTag = (tag: string): boolean => this.hasTag(tag) && (!this.db.freshDatabase || this.inboundRows.has(tag));

  referenceTags(tags: Iterable<string>): void {
    for (const tag of tags) if (this.hasTag(tag)) this.inboundRows.add(tag);
  }

  findUser(username: string): EmuUser | undefined {
    return this.users.get(this.fold(username));
  }

  putUser(user: EmuUser): void {
    this.users.set(this.fold(user.username), user);
  }

  deleteUser(user: EmuUser): void {
    this.users.delete(this.fold(user.username));
  }

  /** A core-config change: the new inbound is enabled for every user (exclusions, §12.8) and gets a default host (§9). */
  addInbound(inbound: EmuInbound): void {
    this.inbounds.push(inbound);
    if (!this.hosts.has(inbound.tag)) this.hosts.set(inbound.tag, [made(this, defaultHost(), undefined, 'host')]);
  }

  inboundsOf(protocol: Protocol): EmuInbound[] {
    return this.inbounds.filter((i) => i.protocol === protocol);
  }

  hasTag = (tag: string): boolean => this.inbounds.some((i) => i.tag === tag);

  /** The user's inbounds, recomputed in config order from its exclusions (§5.1). */
  effectiveInbounds(user: EmuUser): Partial<Record<Protocol, string[]>> {
    const out: Partial<Record<Protocol, string[]>> = {};
    for (const protocol of Object.keys(user.proxies) as Protocol[]) {
      out[protocol] = this.inboundsOf(protocol).filter((i) => !user.excluded.has(i.tag)).map((i) => i.tag);
    }
    return out;
  }

  /** Missing credentials are generated: a UUID for vmess/vless, 22 URL-safe characters otherwise (§5.2). */
  withCredentials(protocol: Protocol, settings: ProxySettings): ProxySettings {
    const out: ProxySettings = {};
    if (protocol === 'vmess' || protocol === 'vless') out.id = settings.id ?? this.rng.uuid();
    if (protocol === 'trojan' || protocol === 'shadowsocks') out.password = settings.password ?? this.rng.string(22);
    if (protocol === 'vless' || protocol === 'trojan') out.flow = settings.flow ?? '';
    if (protocol === 'shadowsocks') out.method = settings.method ?? 'chacha20-ietf-poly1305';
    return out;
  }

  setAdminPassword(admin: EmuAdmin, password: string): void {
    admin.salt = this.rng.string(12);
    admin.passwordHash = hash(admin.salt, password);
  }

  /** For tests: whether a DB admin's password is `password` (passwords are stored hashed). */
  checkAdminPassword(username: string, password: string): boolean {
    const admin = this.admins.get(username);
    return admin !== undefined && admin.passwordHash === hash(admin.salt, password);
  }

  addTemplate(t: Omit<EmuTemplate, 'id'>): EmuTemplate {
    const template = { ...t, id: this.nextTemplateId++ };
    this.templates.set(template.id, template);
    return template;
  }

  addNode(n: Omit<EmuNode, 'id'>): EmuNode {
    const node = { ...n, id: this.nextNodeId++ };
    this.nodes.set(node.id, node);
    return node;
  }

  nowSeconds = (): number => Math.floor(this.clock.now() / 1000);
}
