import type { XuiApi } from './client.ts';
import type { InboundOption } from './wire.ts';

/** What a client's inbounds say about it, from `inbounds/options` alone (no per-client read). */
export interface InboundTraits {
  /** How many of the inbounds carry a VLESS flow (§4.1): the list's flow column is exact only for 'none' and 'all' (§11). */
  flowCarriers: 'none' | 'some' | 'all';
  /** On a Shadowsocks-2022 inbound and a password inbound (trojan, classic shadowsocks): updates may replace the password (§11). */
  ss2022WithPassword: boolean;
}

const ss2022Bytes = (method: string | undefined): number => (method?.startsWith('2022-blake3-') ? (method.includes('aes-128') ? 16 : 32) : 0);

/**
 * A session's API plus the inbound tag ↔ id map (tags are the manifest's key, ids the
 * wire's, §5), what each set of inbounds carries, and the routes found missing on this
 * panel's release (§11).
 */
export class XuiContext {
  private byTag = new Map<string, InboundOption>();
  private byId = new Map<number, InboundOption>();
  /** Routes this panel answered with a bare 404 after the session was proven. */
  readonly missing = new Set<string>();

  constructor(readonly api: XuiApi) {}

  async loadInbounds(): Promise<void> {
    const options = await this.api.inboundOptions();
    this.byTag = new Map(options.map((o) => [o.tag, o]));
    this.byId = new Map(options.map((o) => [o.id, o]));
    this.traits.clear();
  }

  /** Shadowsocks inbounds whose method `options` did not report (before v3.3.0, §12.3). */
  private unknownMethods(): InboundOption[] {
    return [...this.byId.values()].filter((o) => o.protocol === 'shadowsocks' && typeof o.ssMethod !== 'string');
  }

  /**
   * Before v3.3.0 `options` has no `ssMethod` (§12.3), yet the panel's Shadowsocks-2022 key
   * replacement is there too. Until read, such an inbound counts as a 2022 one; the method is
   * read from the inbound's own settings only when a client sits on it and a password inbound
   * (an inbound read carries all its clients), once per session. True when anything was read.
   */
  async learnMethods(): Promise<boolean> {
    const unknown = this.unknownMethods();
    for (const o of unknown) o.ssMethod = await this.methodOf(o.id);
    this.traits.clear();
    return unknown.length > 0;
  }

  private async methodOf(id: number): Promise<string> {
    const { settings } = await this.api.getInbound(id);
    let parsed: unknown = settings;
    if (typeof settings === 'string') {
      try {
        parsed = JSON.parse(settings) as unknown;
      } catch {
        parsed = undefined;
      }
    }
    const method = typeof parsed === 'object' && parsed !== null ? (parsed as { method?: unknown }).method : undefined;
    if (typeof method !== 'string') throw new Error(`inbound #${id}: the panel reports no Shadowsocks method, so a Shadowsocks-2022 inbound cannot be told from a classic one (3x-ui.md §12.3)`);
    return method;
  }

  tags(): Set<string> {
    return new Set(this.byTag.keys());
  }

  tagOf = (id: number): string | undefined => this.byId.get(id)?.tag;

  /** Inbound ids of the tags known here (an observed client's `#id` placeholders are skipped). */
  knownIds = (tags: readonly string[]): number[] => tags.flatMap((t) => this.byTag.get(t)?.id ?? []);

  /** Inbound ids for tags; an unknown tag is an error naming it (validation normally catches it first). */
  idsOf(tags: readonly string[]): number[] {
    return tags.map((tag) => {
      const found = this.byTag.get(tag);
      if (!found) throw new Error(`inbound tag "${tag}" does not exist on the panel`);
      return found.id;
    });
  }

  private traits = new Map<string | number, InboundTraits>();

  /** The traits of a set of inbound ids; fleets share a few sets, so each is worked out once. */
  traitsOf = (ids: readonly number[]): InboundTraits => {
    // Most clients are on one inbound: its id is the key, with no string built per row.
    const key = ids.length === 1 ? (ids[0] as number) : ids.join(',');
    let found = this.traits.get(key);
    if (!found) this.traits.set(key, (found = this.computeTraits(ids)));
    return found;
  };

  private computeTraits(ids: readonly number[]): InboundTraits {
    let carriers = 0;
    let ssBytes = 0;
    let password = false;
    let shadowsocks = 0;
    let unread = 0;
    for (const id of ids) {
      const o = this.byId.get(id);
      if (!o) continue;
      if (o.tlsFlowCapable) carriers += 1;
      if (o.protocol === 'shadowsocks') shadowsocks += 1;
      // A method not yet read may be either kind: the combination is held until it is read.
      if (o.protocol === 'shadowsocks' && typeof o.ssMethod !== 'string') unread += 1;
      const bytes = o.protocol === 'shadowsocks' ? (typeof o.ssMethod === 'string' ? ss2022Bytes(o.ssMethod) : 32) : 0;
      if (bytes > 0) ssBytes = bytes;
      else if (o.protocol === 'trojan' || o.protocol === 'shadowsocks') password = true;
    }
    return {
      flowCarriers: carriers === 0 ? 'none' : carriers === ids.length ? 'all' : 'some',
      ss2022WithPassword: ssBytes > 0 && (password || (unread > 0 && shadowsocks > 1)),
    };
  }
}
