import type { XuiApi } from './client.ts';
import type { InboundOption } from './wire.ts';

/** A session's API plus the inbound tag ↔ id map (tags are the manifest's key, ids the wire's, §5). */
export class XuiContext {
  private byTag = new Map<string, InboundOption>();
  private byId = new Map<number, InboundOption>();

  constructor(readonly api: XuiApi) {}

  async loadInbounds(): Promise<void> {
    const options = await this.api.inboundOptions();
    this.byTag = new Map(options.map((o) => [o.tag, o]));
    this.byId = new Map(options.map((o) => [o.id, o]));
  }

  tags(): Set<string> {
    return new Set(this.byTag.keys());
  }

  tagOf = (id: number): string | undefined => this.byId.get(id)?.tag;

  /** Inbound ids for tags; an unknown tag is an error naming it (validation normally catches it first). */
  idsOf(tags: readonly string[]): number[] {
    return tags.map((tag) => {
      const found = this.byTag.get(tag);
      if (!found) throw new Error(`inbound tag "${tag}" does not exist on the panel`);
      return found.id;
    });
  }
}
