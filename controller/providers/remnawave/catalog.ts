import type { RemnawaveClient } from './client.ts';
import type { WireConfigProfile } from './wire.ts';

/** One inbound as manifests name it: its tag, unique across every config profile (remnawave.md §9). */
export interface InboundRef {
  uuid: string;
  tag: string;
  profile: string;
  profileUuid: string;
}

/**
 * Names ↔ uuids of what manifests refer to by name: config profiles and their inbounds (read
 * only), internal squads and nodes. Read once per session and again after panelops creates or
 * deletes one, so a user created after its squad in the same apply finds it.
 */
export class Catalog {
  private profilesRead: Promise<WireConfigProfile[]> | undefined;
  private squadsRead: Promise<Map<string, string>> | undefined;
  private nodesRead: Promise<Map<string, string>> | undefined;

  constructor(private readonly api: RemnawaveClient) {}

  profiles(): Promise<WireConfigProfile[]> {
    this.profilesRead ??= this.api.listProfiles();
    return this.profilesRead;
  }

  async inbounds(): Promise<Map<string, InboundRef>> {
    const out = new Map<string, InboundRef>();
    for (const p of await this.profiles()) for (const i of p.inbounds ?? []) out.set(i.tag, { uuid: i.uuid, tag: i.tag, profile: p.name, profileUuid: p.uuid });
    return out;
  }

  async inboundTag(uuid: string | null | undefined): Promise<string | null> {
    if (!uuid) return null;
    for (const i of (await this.inbounds()).values()) if (i.uuid === uuid) return i.tag;
    return null;
  }

  async profileName(uuid: string | null | undefined): Promise<string | null> {
    if (!uuid) return null;
    return (await this.profiles()).find((p) => p.uuid === uuid)?.name ?? null;
  }

  async profileUuid(name: string): Promise<string> {
    const found = (await this.profiles()).find((p) => p.name === name);
    if (!found) throw new Error(`config profile "${name}" does not exist on the panel`);
    return found.uuid;
  }

  /** Inbound tags → uuids; every tag must exist (and, with `profile`, belong to that profile). */
  async inboundUuids(tags: readonly string[], profile?: string): Promise<string[]> {
    const all = await this.inbounds();
    return tags.map((tag) => {
      const i = all.get(tag);
      if (!i) throw new Error(`inbound "${tag}" is in no config profile on the panel (a profile may have renamed or removed it)`);
      if (profile !== undefined && i.profile !== profile) throw new Error(`inbound "${tag}" belongs to config profile "${i.profile}", not "${profile}"`);
      return i.uuid;
    });
  }

  squads(): Promise<Map<string, string>> {
    this.squadsRead ??= this.api.listSquads().then((list) => new Map(list.map((s) => [s.name, s.uuid])));
    return this.squadsRead;
  }

  nodes(): Promise<Map<string, string>> {
    this.nodesRead ??= this.api.listNodes().then((list) => new Map(list.map((n) => [n.name, n.uuid])));
    return this.nodesRead;
  }

  async squadUuids(names: readonly string[]): Promise<string[]> {
    return uuidsOf(await this.squads(), names, 'internal squad');
  }

  async nodeUuids(names: readonly string[]): Promise<string[]> {
    return uuidsOf(await this.nodes(), names, 'node');
  }

  async namesOf(uuids: readonly string[], of: 'squads' | 'nodes'): Promise<string[]> {
    const byUuid = new Map([...(await (of === 'squads' ? this.squads() : this.nodes())).entries()].map(([n, u]) => [u, n]));
    return uuids.map((u) => byUuid.get(u) ?? u).sort();
  }

  forgetSquads(): void {
    this.squadsRead = undefined;
  }

  forgetNodes(): void {
    this.nodesRead = undefined;
  }
}

function uuidsOf(byName: Map<string, string>, names: readonly string[], what: string): string[] {
  return names.map((name) => {
    const uuid = byName.get(name);
    if (!uuid) throw new Error(`${what} "${name}" does not exist on the panel`);
    return uuid;
  });
}

/** The session's client and name catalog, handed to every kind. */
export interface RemnawaveContext {
  api: RemnawaveClient;
  catalog: Catalog;
  version: string;
}
