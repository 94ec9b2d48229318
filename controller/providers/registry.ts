import type { KindDescriptor, PanelType, Provider, ProviderCatalog } from './types.ts';

/** Looks providers up by panel type and by manifest apiVersion. */
export class ProviderRegistry implements ProviderCatalog {
  private readonly byType = new Map<PanelType, Provider>();
  private readonly byApiVersion = new Map<string, Provider>();

  constructor(providers: readonly Provider[]) {
    for (const p of providers) {
      this.byType.set(p.type, p);
      this.byApiVersion.set(p.apiVersion, p);
    }
  }

  get(type: PanelType): Provider | undefined {
    return this.byType.get(type);
  }

  forApiVersion(apiVersion: string): Provider | undefined {
    return this.byApiVersion.get(apiVersion);
  }

  all(): Provider[] {
    return [...this.byType.values()];
  }

  kind(type: PanelType, kind: string): KindDescriptor | undefined {
    return this.byType.get(type)?.kinds.find((k) => k.kind === kind);
  }
}
