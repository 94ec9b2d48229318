import { createHash } from 'node:crypto';
import type { Clock } from '../kit/clock.ts';
import type { Rng } from '../kit/rng.ts';
import type { EmuAdmin, EmuApiKey, EmuGroup, EmuHost, EmuNode, EmuRole, EmuTemplate, EmuUser, Protocol, ProxyTable } from './types.ts';
import { SEEDED_ROLES } from './roles.ts';

const hash = (salt: string, password: string) => createHash('sha256').update(`${salt}:${password}`).digest('hex');

/**
 * The emulator's in-memory database. Users keep insertion order (the panel's default list
 * order, §6) and are found by their exact name: names are case-sensitive on every database (§5.1).
 */
export class PasarGuardState {
  readonly users = new Map<string, EmuUser>();
  readonly usersById = new Map<number, EmuUser>();
  readonly admins = new Map<number, EmuAdmin>();
  readonly roles = new Map<number, EmuRole>(SEEDED_ROLES.map((r) => [r.id, r]));
  readonly apiKeys = new Map<string, EmuApiKey>();
  readonly groups = new Map<number, EmuGroup>();
  readonly templates = new Map<number, EmuTemplate>();
  readonly nodes = new Map<number, EmuNode>();
  readonly hosts = new Map<number, EmuHost>();
  readonly inbounds: string[];
  /** Signs subscription tokens; kept in the panel's database, not settable through the API (§5.6). */
  readonly secret: string;
  private readonly ids = { user: 1, admin: 1, apiKey: 1, group: 1, template: 1, node: 1, host: 1 };

  constructor(
    readonly version: string,
    readonly rng: Rng,
    readonly clock: Clock,
    inbounds: readonly string[],
  ) {
    this.inbounds = [...inbounds];
    this.secret = rng.string(32);
  }

  nextId = (table: keyof PasarGuardState['ids']): number => this.ids[table]++;
  now = (): number => this.clock.now();

  putUser(user: EmuUser): void {
    this.users.set(user.username, user);
    this.usersById.set(user.id, user);
  }

  deleteUser(user: EmuUser): void {
    this.users.delete(user.username);
    this.usersById.delete(user.id);
  }

  adminByName = (username: string): EmuAdmin | undefined => [...this.admins.values()].find((a) => a.username === username);

  addAdmin(username: string, password: string, roleId: number): EmuAdmin {
    const admin: EmuAdmin = {
      id: this.nextId('admin'), username, salt: '', passwordHash: '', role_id: roleId, password_reset_at: null, status: 'active',
      telegram_id: null, discord_webhook: null, sub_domain: null, profile_title: null, support_url: null, note: null, data_limit: null, used_traffic: 0,
    };
    this.setAdminPassword(admin, password);
    admin.password_reset_at = null;
    this.admins.set(admin.id, admin);
    return admin;
  }

  setAdminPassword(admin: EmuAdmin, password: string): void {
    admin.salt = this.rng.string(12);
    admin.passwordHash = hash(admin.salt, password);
    admin.password_reset_at = this.now();
  }

  checkAdminPassword(admin: EmuAdmin, password: string): boolean {
    return admin.passwordHash === hash(admin.salt, password);
  }

  /** A complete table: given parts kept exactly, every missing protocol or field generated (§5.2). */
  completeProxies(given: Partial<Record<Protocol, Record<string, unknown>>>): { table: ProxyTable; generated: number } {
    let generated = 0;
    const fill = <T>(value: T | undefined, make: () => T): T => {
      if (value !== undefined && value !== null) return value;
      generated++;
      return make();
    };
    const g = (p: Protocol) => given[p] ?? {};
    const table: ProxyTable = {
      vmess: { id: fill(g('vmess').id, () => this.rng.uuid()) },
      vless: { id: fill(g('vless').id, () => this.rng.uuid()) },
      trojan: { password: fill(g('trojan').password, () => this.rng.string(32)) },
      shadowsocks: { password: fill(g('shadowsocks').password, () => this.rng.string(32)), method: g('shadowsocks').method ?? 'chacha20-ietf-poly1305' },
      // Keys only for groups that reach a WireGuard inbound (none here); peer IPs are the pool's (§5.2).
      wireguard: { private_key: g('wireguard').private_key ?? null, public_key: g('wireguard').public_key ?? null, peer_ips: [] },
      hysteria: { auth: fill(g('hysteria').auth, () => this.rng.string(32)) },
    };
    return { table, generated };
  }


  addGroup(g: Omit<EmuGroup, 'id'>): EmuGroup {
    const group = { ...g, id: this.nextId('group') };
    this.groups.set(group.id, group);
    return group;
  }

  addTemplate(t: Omit<EmuTemplate, 'id'>): EmuTemplate {
    const template = { ...t, id: this.nextId('template') };
    this.templates.set(template.id, template);
    return template;
  }

  addNode(n: Omit<EmuNode, 'id'>): EmuNode {
    const node = { ...n, id: this.nextId('node') };
    this.nodes.set(node.id, node);
    return node;
  }

  addApiKey(adminId: number, name: string): EmuApiKey {
    const key: EmuApiKey = { id: this.nextId('apiKey'), admin_id: adminId, name, key: `pg_key_${this.rng.uuid()}` };
    this.apiKeys.set(key.key, key);
    return key;
  }
}
