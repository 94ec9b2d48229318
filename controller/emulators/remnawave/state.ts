import type { Clock } from '../kit/clock.ts';
import type { Rng } from '../kit/rng.ts';
import type { EmuHost, EmuInbound, EmuNode, EmuProfile, EmuSquad, EmuToken, EmuUser } from './types.ts';

const NANOID = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz_-';
export const DEFAULT_PROFILE_UUID = '00000000-0000-0000-0000-000000000000';

/** The emulated database: rows by key, and the id sequence users draw from (failed inserts use one up, §1). */
export class RemnawaveState {
  readonly users = new Map<number, EmuUser>();
  readonly profiles = new Map<string, EmuProfile>();
  readonly squads = new Map<string, EmuSquad>();
  readonly nodes = new Map<string, EmuNode>();
  readonly hosts = new Map<string, EmuHost>();
  readonly tokens = new Map<string, EmuToken>();
  readonly metadata = new Map<number, unknown>();
  private sequence = 0;

  constructor(
    readonly version: string,
    readonly rng: Rng,
    readonly clock: Clock,
    readonly subDomain: string,
  ) {}

  now = (): number => this.clock.now();
  nextUserId = (): number => ++this.sequence;
  uuid = (): string => this.rng.uuid();
  password = (): string => this.rng.string(32, NANOID);
  shortUuid = (): string => this.rng.string(16, NANOID);

  userByName(username: string): EmuUser | undefined {
    for (const u of this.users.values()) if (u.username === username) return u;
    return undefined;
  }

  userByShortUuid(shortUuid: string): EmuUser | undefined {
    for (const u of this.users.values()) if (u.shortUuid === shortUuid) return u;
    return undefined;
  }

  inbound(uuid: string): EmuInbound | undefined {
    for (const p of this.profiles.values()) for (const i of p.inbounds) if (i.uuid === uuid) return i;
    return undefined;
  }

  squadByName(name: string): EmuSquad | undefined {
    for (const s of this.squads.values()) if (s.name === name) return s;
    return undefined;
  }

  /** Inbound rows of a profile's config, keeping the uuid of every inbound whose tag and protocol stayed (§9). */
  deriveInbounds(profile: EmuProfile): EmuInbound[] {
    const before = new Map(profile.inbounds.map((i) => [i.tag, i]));
    const raw = (profile.config.inbounds ?? []) as Array<Record<string, unknown>>;
    return raw.map((r) => {
      const tag = String(r.tag);
      const type = String(r.protocol);
      const stream = (r.streamSettings ?? {}) as Record<string, unknown>;
      const kept = before.get(tag);
      return {
        uuid: kept && kept.type === type ? kept.uuid : this.uuid(),
        profileUuid: profile.uuid,
        tag,
        type,
        network: typeof stream.network === 'string' ? stream.network : null,
        security: typeof stream.security === 'string' ? stream.security : null,
        port: typeof r.port === 'number' ? r.port : null,
        rawInbound: r,
      };
    });
  }

  /** Inbounds that left a profile take their squad links, node links and host pointers with them (§13). */
  dropInbounds(gone: ReadonlySet<string>): void {
    if (gone.size === 0) return;
    for (const s of this.squads.values()) s.inbounds = s.inbounds.filter((i) => !gone.has(i));
    for (const n of this.nodes.values()) n.inbounds = n.inbounds.filter((i) => !gone.has(i));
    for (const h of this.hosts.values()) if (h.inboundUuid && gone.has(h.inboundUuid)) h.inboundUuid = null;
  }

  /** A config profile as an admin saves it in the UI, its inbound rows derived from the config. */
  addProfile(name: string, config: Record<string, unknown>, uuid = this.uuid()): EmuProfile {
    const now = this.now();
    const profile: EmuProfile = { uuid, name, config, inbounds: [], createdAt: now, updatedAt: now };
    profile.inbounds = this.deriveInbounds(profile);
    this.profiles.set(profile.uuid, profile);
    return profile;
  }

  /** A fresh panel: Default-Profile with one Shadowsocks inbound, and Default-Squad holding it (§7, §9). */
  seedDefaults(): void {
    const now = this.now();
    const profile = this.addProfile(
      'Default-Profile',
      {
        log: { loglevel: 'info' },
        inbounds: [{ tag: 'Shadowsocks', port: 1234, protocol: 'shadowsocks', settings: { method: 'chacha20-ietf-poly1305', clients: [], network: 'tcp,udp' } }],
        outbounds: [{ tag: 'DIRECT', protocol: 'freedom' }],
      },
      DEFAULT_PROFILE_UUID,
    );
    const squad: EmuSquad = { uuid: this.uuid(), name: 'Default-Squad', inbounds: profile.inbounds.map((i) => i.uuid), createdAt: now, updatedAt: now };
    this.squads.set(squad.uuid, squad);
  }
}
