/**
 * The fleet's part of a plan and an apply (the engine calls it through FleetPlanHooks):
 * keys copied from a source panel once it is read, the credential guard and the per-panel
 * counts, and sources applied before the panels that take their keys.
 */
import type { FleetPanelView, FleetPlanHooks, FleetRuntime } from '../contract/fleet-hooks.ts';
import type { ObservedObject, PanelType } from '../contract/panel.ts';
import type { PanelPlan, Plan, PlannedOperation } from '../contract/plan.ts';
import type { FleetObject } from './fleet-object.ts';
import { reviewPanel } from './review.ts';
import { asSecrets, liveCredentials } from './targets/adapter.ts';
import { TARGETS } from './targets/index.ts';

const ref = (panel: string, key: string) => `${panel}\u0000${key}`;

/** A promise settled from outside: a source panel's view, or undefined when it cannot be read. */
class Pending<T> {
  settled = false;
  resolve!: (value: T) => void;
  readonly promise = new Promise<T>((r) => (this.resolve = (v) => ((this.settled = true), r(v))));
}

export class FleetHooks implements FleetPlanHooks {
  private readonly views = new Map<string, Pending<FleetPanelView | undefined>>();
  private readonly byRef = new Map<string, FleetObject>();
  private readonly byPanel = new Map<string, FleetObject[]>();
  private readonly liveIndex = new Map<string, Map<string, ObservedObject>>();

  constructor(
    private readonly objects: readonly FleetObject[],
    private readonly allowCredentialChanges: boolean,
  ) {
    for (const o of objects) {
      this.byRef.set(ref(o.panel, o.key), o);
      const list = this.byPanel.get(o.panel);
      if (list) list.push(o);
      else this.byPanel.set(o.panel, [o]);
    }
  }

  private view(panel: string): Pending<FleetPanelView | undefined> {
    let v = this.views.get(panel);
    if (!v) this.views.set(panel, (v = new Pending()));
    return v;
  }

  begin(panels: readonly string[]): void {
    for (const o of this.objects) if (o.credentialsFrom && !panels.includes(o.credentialsFrom)) this.failed(o.credentialsFrom);
  }

  failed(panel: string): void {
    const v = this.view(panel);
    if (!v.settled) v.resolve(undefined);
  }

  async observed(view: FleetPanelView): Promise<void> {
    // Settled before waiting on others: two panels that are each other's sources never wait forever.
    this.view(view.panel).resolve(view);
    // The fleet's own objects, not view.desired: an ignore rule may have put a copy there (the
    // copy shares `secrets`, which is filled in place).
    for (const d of this.byPanel.get(view.panel) ?? []) {
      if (!d.credentialsFrom) continue;
      const source = await this.view(d.credentialsFrom).promise;
      const live = source && this.liveOnSource(source, d);
      if (!source) d.credentialState = 'unavailable';
      else if (!live) d.credentialState = 'awaiting';
      else this.copy(d, live);
    }
  }

  /** The subscriber's object on its source panel, from that panel's read (indexed once per panel). */
  private liveOnSource(source: FleetPanelView, d: FleetObject): ObservedObject | undefined {
    const origin = this.byRef.get(ref(source.panel, d.key));
    if (!origin) return undefined;
    const id = `${source.panel}\u0000${origin.kind}`;
    let index = this.liveIndex.get(id);
    if (!index) this.liveIndex.set(id, (index = new Map((source.observed.get(origin.kind) ?? []).map((o) => [o.key, o]))));
    return index.get(d.key);
  }

  private copy(d: FleetObject, live: ObservedObject): boolean {
    const from = this.adapterOf(this.byRef.get(ref(d.credentialsFrom ?? '', d.key))?.panelType);
    const to = this.adapterOf(d.panelType);
    if (!from || !to) return false;
    Object.assign(d.secrets, asSecrets(to, liveCredentials(from, live)));
    d.credentialState = 'copied';
    return true;
  }

  private adapterOf = (type: PanelType | undefined) => (type ? TARGETS.get(type) : undefined);

  review(plan: Plan): void {
    for (const panelPlan of plan.panels) {
      const mine = this.byPanel.get(panelPlan.panel) ?? [];
      if (mine.length > 0) reviewPanel(panelPlan, mine, this.allowCredentialChanges, (o) => this.adapterOf(o.panelType));
    }
  }

  stages(panels: readonly PanelPlan[]): PanelPlan[][] {
    const creates = new Set(panels.flatMap((p) => p.operations.filter((op) => op.action === 'create').map((op) => ref(p.panel, op.key))));
    const sources = new Set(this.objects.filter((o) => o.credentialState === 'awaiting' && creates.has(ref(o.panel, o.key))).map((o) => o.credentialsFrom));
    if (sources.size === 0) return [[...panels]];
    return [panels.filter((p) => sources.has(p.panel)), panels.filter((p) => !sources.has(p.panel))].filter((s) => s.length > 0);
  }

  async settle(stage: readonly PanelPlan[]): Promise<Array<{ operation: PlannedOperation; reason: string }>> {
    const taken: Array<{ operation: PlannedOperation; reason: string }> = [];
    for (const panelPlan of stage) {
      const out = new Set<string>();
      for (const op of panelPlan.operations) {
        const d = this.byRef.get(ref(panelPlan.panel, op.key));
        if (op.action !== 'create' || !d || d.kind !== op.kind || d.credentialState !== 'awaiting') continue;
        const source = this.views.get(d.credentialsFrom ?? '');
        const origin = this.byRef.get(ref(d.credentialsFrom ?? '', d.key));
        const view = source?.settled ? await source.promise : undefined;
        const live = view && origin ? await view.session.get(origin.kind, d.key).catch(() => undefined) : undefined;
        if (live && this.copy(d, live) && Object.keys(d.secrets).length > 0) continue;
        out.add(op.id);
        taken.push({ operation: op, reason: `skipped: its keys come from panel ${d.credentialsFrom ?? ''}, which has no "${d.key}" yet (its create there did not succeed); the next apply places it here` });
      }
      if (out.size === 0) continue;
      for (const op of panelPlan.operations) if (!out.has(op.id) && op.dependsOn.some((id) => out.has(id))) out.add(op.id);
      panelPlan.operations = panelPlan.operations.filter((op) => !out.has(op.id));
    }
    return taken;
  }
}

/** What the loader hands the engine when the manifests hold subscribers. */
export const fleetRuntime = (objects: readonly FleetObject[]): FleetRuntime => ({
  planHooks: ({ allowCredentialChanges }) => new FleetHooks(objects, allowCredentialChanges),
});
